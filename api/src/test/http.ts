import { TEST_ORIGIN } from './test-api.js';

export type Reply = {
  status: number;
  headers: Headers;
  // Tests read whatever shape the route answers; the contract tests check it field by field.
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
};

export type RequestOptions = {
  body?: unknown;
  /** Sent as-is, for malformed bodies. */
  rawBody?: string;
  /** `Authorization: Bearer <token>` (sessions and role tokens). */
  bearer?: string;
  /** `Authorization: Token <credential>` (devices). */
  deviceToken?: string;
  /** The session cookie; cookie-authenticated writes get the allowed Origin unless `origin` says otherwise. */
  cookie?: string;
  origin?: string | null;
  headers?: Record<string, string>;
};

export async function request(
  baseUrl: string,
  method: string,
  path: string,
  options: RequestOptions = {},
): Promise<Reply> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.bearer) headers.authorization = `Bearer ${options.bearer}`;
  if (options.deviceToken) headers.authorization = `Token ${options.deviceToken}`;
  if (options.cookie) headers.cookie = `iow_session=${options.cookie}`;
  const origin =
    options.origin === undefined ? (options.cookie ? TEST_ORIGIN : null) : options.origin;
  if (origin) headers.origin = origin;
  let body: string | undefined = options.rawBody;
  if (options.body !== undefined) body = JSON.stringify(options.body);
  if (
    body !== undefined &&
    !Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')
  ) {
    headers['content-type'] = 'application/json';
  }
  const response = await fetch(`${baseUrl}${path}`, { method, headers, body });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, headers: response.headers, body: parsed };
}

let counter = 0;

export function uniqueEmail(prefix = 'user'): string {
  counter += 1;
  return `${prefix}-${process.pid}-${Date.now()}-${counter}@example.com`;
}

export const PASSWORD = 'correct horse battery';

/** A wallet's payout address (a random ed25519 public key), for tests that need one set. */
export const WALLET_ADDRESS = 'D1g1kz1DRmCQCMvJvb1tCH8rrm3o6n5PYmTY8Qodc2Mq';

export type TestUser = { id: string; email: string; token: string };

export async function registerUser(baseUrl: string, email = uniqueEmail()): Promise<TestUser> {
  const reply = await request(baseUrl, 'POST', '/v1/auth/register', {
    body: { email, password: PASSWORD },
    // Each registration from its own address, so the per-IP registration limit stays out of the way.
    headers: { 'x-forwarded-for': `10.1.${counter % 250}.${Math.floor(Math.random() * 250)}` },
  });
  if (reply.status !== 201)
    throw new Error(`register failed: ${reply.status} ${JSON.stringify(reply.body)}`);
  return { id: reply.body.user.id, email, token: reply.body.token };
}

export async function createDevice(baseUrl: string, user: TestUser, name = 'rig-1') {
  const reply = await request(baseUrl, 'POST', '/v1/devices', {
    bearer: user.token,
    body: { name, os: 'ubuntu' },
  });
  if (reply.status !== 201)
    throw new Error(`create device failed: ${reply.status} ${JSON.stringify(reply.body)}`);
  return reply.body as { device: { id: string }; enrollment: { token: string } };
}

export async function enroll(baseUrl: string, token: string) {
  return request(baseUrl, 'POST', '/v1/enroll', {
    body: {
      token,
      hostname: 'gpu-node-1',
      os: 'Ubuntu 24.04 LTS',
      gpus: [{ index: 0, uuid: 'GPU-1', model: 'NVIDIA GeForce RTX 4090', memoryTotalMiB: 24564 }],
    },
  });
}

/** A device created and enrolled for `user`: its id and the credential its node writes with. */
export async function enrolledDevice(baseUrl: string, user: TestUser, name: string) {
  const created = await createDevice(baseUrl, user, name);
  const { credential } = (await enroll(baseUrl, created.enrollment.token)).body as {
    credential: string;
  };
  return { id: created.device.id, credential };
}

/** An enrolled device that has written one sample: online and idle. */
export async function onlineDevice(baseUrl: string, user: TestUser, name: string) {
  const device = await enrolledDevice(baseUrl, user, name);
  const written = await fetch(`${baseUrl}/api/v2/write?precision=ms`, {
    method: 'POST',
    headers: { authorization: `Token ${device.credential}` },
    body: `gpu,gpu=0 temperature_c=60,utilization_pct=0 ${Date.now()}\nhost interval_s=10`,
  });
  if (written.status !== 204) throw new Error(`write failed: ${written.status}`);
  return device;
}
