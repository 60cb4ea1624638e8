import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';

/**
 * Addresses a user-given URL must never reach: loopback, private, carrier-grade NAT, link-local
 * (cloud metadata at 169.254.169.254 among them), unique-local (fd00:ec2::254), multicast,
 * reserved and unspecified ranges.
 */
const PRIVATE_RANGES = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 3],
] as const) {
  PRIVATE_RANGES.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['100::', 64],
] as const) {
  PRIVATE_RANGES.addSubnet(network, prefix, 'ipv6');
}

/** Whether an IP address is one a webhook may not reach (IPv4-mapped IPv6 checked as IPv4). */
export function isPrivateAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped) return PRIVATE_RANGES.check(mapped, 'ipv4');
  const family = isIP(address);
  if (family === 4) return PRIVATE_RANGES.check(address, 'ipv4');
  if (family === 6) return PRIVATE_RANGES.check(address, 'ipv6');
  return true;
}

export class PrivateAddressError extends Error {
  constructor(readonly host: string) {
    super(`${host} resolves to a loopback, private, link-local or metadata address`);
    this.name = 'PrivateAddressError';
  }
}

/** The host's addresses, refusing the whole name if any of them is private. */
export async function resolvePublic(host: string): Promise<LookupAddress[]> {
  const bare = host.replace(/^\[|\]$/g, '');
  const addresses = isIP(bare)
    ? [{ address: bare, family: isIP(bare) }]
    : await new Promise<LookupAddress[]>((resolve, reject) =>
        dnsLookup(bare, { all: true }, (error, found) => (error ? reject(error) : resolve(found))),
      );
  if (addresses.length === 0 || addresses.some(({ address }) => isPrivateAddress(address))) {
    throw new PrivateAddressError(bare);
  }
  return addresses;
}

/**
 * A DNS lookup for sockets that refuses private addresses: the check happens on the address the
 * connection then uses, so a name that changes its answer after an earlier check gains nothing.
 */
const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  resolvePublic(hostname).then(
    (addresses) => {
      const [first] = addresses;
      if (options.all) callback(null, addresses);
      else if (first) callback(null, first.address, first.family);
    },
    (error: NodeJS.ErrnoException) => callback(error, '', 0),
  );
};

export type HttpReply = {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
};

const MAX_REPLY_BYTES = 64 * 1024;

/** Named as fetch names its own timeouts, so callers tell both apart from other failures alike. */
function timeoutError(timeoutMs: number): Error {
  const error = new Error(`no answer within ${timeoutMs} ms`);
  error.name = 'TimeoutError';
  return error;
}

/**
 * POSTs to a user-given URL without following redirects (a redirect could point anywhere) and,
 * unless `allowPrivate`, only to public addresses. Rejects on network errors and the timeout.
 */
export function postToUserUrl(
  url: URL,
  body: string,
  options: { headers: Record<string, string>; allowPrivate: boolean; timeoutMs: number },
): Promise<HttpReply> {
  const bare = url.hostname.replace(/^\[|\]$/g, '');
  // Sockets skip the lookup for an IP literal, so it is checked here.
  if (!options.allowPrivate && isIP(bare) && isPrivateAddress(bare)) {
    return Promise.reject(new PrivateAddressError(bare));
  }
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const requestOptions: RequestOptions = {
    method: 'POST',
    headers: { ...options.headers, 'content-length': Buffer.byteLength(body) },
    timeout: options.timeoutMs,
    ...(options.allowPrivate ? {} : { lookup: publicOnlyLookup }),
  };
  return new Promise((resolve, reject) => {
    const outgoing = request(url, requestOptions, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        if (text.length < MAX_REPLY_BYTES) text += chunk;
      });
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: text }),
      );
      response.on('error', reject);
    });
    outgoing.on('timeout', () => outgoing.destroy(timeoutError(options.timeoutMs)));
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}
