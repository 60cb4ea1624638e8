// What signing in costs, and sign-in under attack: argon2id and TOTP checks in-process; then,
// against the API process on a real PostgreSQL, one IP guessing a victim's password over 50
// connections while the victim signs in from another IP, beside the victim's sign-ins alone.
import { hashPassword, newTotpKey, stepOfCode, verifyPassword } from '@ioworker/api';
import autocannon from 'autocannon';
import { performance } from 'node:perf_hooks';
import { percentile, registerBenchUser, round, startBenchStack } from './support.js';

const ATTACK_S = Number(process.env.BENCH_DURATION_S ?? 10);
const PASSWORD = 'bench password 1';

async function timeMs(runs: number, work: () => unknown): Promise<number[]> {
  const times: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const started = performance.now();
    await work();
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b);
}

async function costs() {
  const stored = await hashPassword(PASSWORD);
  const hashes = await timeMs(10, () => hashPassword(PASSWORD));
  const verifies = await timeMs(20, () => verifyPassword(stored, PASSWORD));
  const { secret } = newTotpKey('bench@example.com');
  // A wrong code is the dearest: every step of the drift window is tried.
  const totp = await timeMs(2000, () => stepOfCode(secret, '000000'));
  console.log('\nWhat one check costs (in-process, median / p95)');
  console.table([
    {
      check: 'argon2id hash (19 MiB, t=2)',
      'ms p50': round(percentile(hashes, 50), 1),
      'ms p95': round(percentile(hashes, 95), 1),
    },
    {
      check: 'argon2id verify',
      'ms p50': round(percentile(verifies, 50), 1),
      'ms p95': round(percentile(verifies, 95), 1),
    },
    {
      check: 'TOTP code (3 steps, wrong)',
      'ms p50': round(percentile(totp, 50), 3),
      'ms p95': round(percentile(totp, 95), 3),
    },
  ]);
}

async function signIn(apiUrl: string, email: string, ip: string) {
  const started = performance.now();
  const response = await fetch(`${apiUrl}/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  await response.arrayBuffer();
  return { ok: response.status === 200, ms: performance.now() - started };
}

/** The victim signs in every 250 ms until `until`: how many worked, and how fast. */
async function victimSignIns(apiUrl: string, email: string, until: number) {
  const results: { ok: boolean; ms: number }[] = [];
  let n = 0;
  while (Date.now() < until) {
    n += 1;
    results.push(await signIn(apiUrl, email, `198.51.100.${(n % 200) + 1}`));
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const times = results.map((result) => result.ms).sort((a, b) => a - b);
  return {
    ok: results.filter((result) => result.ok).length,
    tried: results.length,
    p50: percentile(times, 50),
    p95: percentile(times, 95),
  };
}

function attack(apiUrl: string, email: string) {
  const statuses = new Map<number, number>();
  return new Promise<Map<number, number>>((resolve, reject) => {
    const instance = autocannon(
      {
        url: `${apiUrl}/v1/auth/login`,
        method: 'POST',
        connections: 50,
        duration: ATTACK_S,
        headers: { 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.66' },
        body: JSON.stringify({ email, password: 'a wrong guess 123' }),
      },
      (error) => (error ? reject(error) : resolve(statuses)),
    );
    instance.on('response', (_client, status) =>
      statuses.set(status, (statuses.get(status) ?? 0) + 1),
    );
  });
}

await costs();
const stack = await startBenchStack({ TRUST_PROXY: 'true' });
try {
  const email = `victim-${Date.now()}@bench.local`;
  await registerBenchUser(stack.apiUrl, email);
  const alone = await victimSignIns(stack.apiUrl, email, Date.now() + ATTACK_S * 1000);
  const [statuses, attacked] = await Promise.all([
    attack(stack.apiUrl, email),
    victimSignIns(stack.apiUrl, email, Date.now() + ATTACK_S * 1000),
  ]);
  const limited = statuses.get(429) ?? 0;
  console.log(
    `\nSign-in under attack: 50 connections from one IP guess the victim's password for ${ATTACK_S} s`,
  );
  console.table([
    {
      run: 'victim alone (baseline)',
      'victim signed in': `${alone.ok}/${alone.tried}`,
      'victim ms p50 / p95': `${round(alone.p50)} / ${round(alone.p95)}`,
      'guesses checked (401)': 0,
      '429 served': 0,
      '429 per s': 0,
    },
    {
      run: 'during the attack',
      'victim signed in': `${attacked.ok}/${attacked.tried}`,
      'victim ms p50 / p95': `${round(attacked.p50)} / ${round(attacked.p95)}`,
      'guesses checked (401)': statuses.get(401) ?? 0,
      '429 served': limited,
      '429 per s': Math.round(limited / ATTACK_S),
    },
  ]);
} finally {
  await stack.stop();
}
