import { createHash } from 'node:crypto';

/**
 * A weak entity tag over the uncompressed body: weak, because every content coding of the same
 * JSON carries it (RFC 9110 §8.8.1), and If-None-Match compares weakly anyway (§13.1.2).
 *
 * @example weakEtag(Buffer.from('{}')) // 'W/"vzZo…"'
 */
export function weakEtag(body: Uint8Array): string {
  return `W/"${createHash('sha1').update(body).digest('base64url')}"`;
}

/** Whether `If-None-Match` names the tag (or is `*`), compared weakly. */
export function etagMatches(ifNoneMatch: string, etag: string): boolean {
  if (ifNoneMatch.trim() === '*') return true;
  const opaque = withoutWeakPrefix(etag);
  return ifNoneMatch.split(',').some((tag) => withoutWeakPrefix(tag.trim()) === opaque);
}

function withoutWeakPrefix(tag: string): string {
  return tag.startsWith('W/') ? tag.slice(2) : tag;
}
