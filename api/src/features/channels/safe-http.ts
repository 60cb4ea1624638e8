import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import ipaddr from 'ipaddr.js';
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

/**
 * The IPv4 address an IPv6 one carries: mapped (::ffff:a.b.c.d), translated (::ffff:0:a.b.c.d),
 * NAT64 (64:ff9b::a.b.c.d) and IPv4-compatible (::a.b.c.d) in their last 32 bits, 6to4
 * (2002:AABB:CCDD::) in bits 16–47. On a NAT64 network such an address reaches the IPv4 host.
 */
function embeddedIPv4(address: ipaddr.IPv6): string | undefined {
  const parts = address.parts;
  const fromGroups = (high: number, low: number) =>
    [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.');
  const range = address.range();
  if (range === 'ipv4Mapped' || range === 'rfc6145' || range === 'rfc6052') {
    return fromGroups(parts[6] ?? 0, parts[7] ?? 0);
  }
  if (range === '6to4') return fromGroups(parts[1] ?? 0, parts[2] ?? 0);
  if (parts.slice(0, 6).every((part) => part === 0)) {
    return fromGroups(parts[6] ?? 0, parts[7] ?? 0);
  }
  return undefined;
}

/**
 * Whether an IP address is one a webhook may not reach. An IPv6 address that carries an IPv4
 * one is judged by that; otherwise only global unicast outside the private ranges may be reached
 * (not Teredo, site-local, documentation or other special ranges).
 */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return PRIVATE_RANGES.check(address, 'ipv4');
  if (family !== 6) return true;
  const v6 = ipaddr.IPv6.parse(address);
  const v4 = embeddedIPv4(v6);
  if (v4) return PRIVATE_RANGES.check(v4, 'ipv4');
  return v6.range() !== 'unicast' || PRIVATE_RANGES.check(address, 'ipv6');
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
