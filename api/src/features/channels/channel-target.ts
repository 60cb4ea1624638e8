import { ApiError } from '../../lib/api-error.js';
import type { ChannelKind } from './channel-message.js';
import { PrivateAddressError, resolvePublic } from './safe-http.js';

/** What lists show of a target: enough to recognise it, never enough to use it. */
export function maskTarget(kind: ChannelKind, target: string): string {
  if (kind === 'email') {
    const [local = '', domain = ''] = target.split('@');
    return `${local.slice(0, 1)}***@${domain}`;
  }
  if (kind === 'telegram') return `chat …${target.slice(-4)}`;
  const url = new URL(target);
  return `${url.origin}/…${url.pathname.slice(-4)}`;
}

/**
 * A webhook, Discord or Slack URL a user gives: https, and resolving only to public addresses
 * (both unless `allowPrivate`, for development and tests). Checked again on every send.
 */
export async function checkTargetUrl(raw: string, allowPrivate: boolean): Promise<URL> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw ApiError.badRequest('invalid_request', 'target: must be a URL');
  }
  const allowed = allowPrivate ? ['https:', 'http:'] : ['https:'];
  if (!allowed.includes(url.protocol)) {
    throw ApiError.badRequest('invalid_request', 'target: must be an https URL');
  }
  if (url.username || url.password) {
    throw ApiError.badRequest('invalid_request', 'target: must not carry a user name or password');
  }
  if (allowPrivate) return url;
  try {
    await resolvePublic(url.hostname);
  } catch (error) {
    if (error instanceof PrivateAddressError) {
      throw ApiError.badRequest('private_address', `target: ${error.message}`);
    }
    throw ApiError.badRequest('invalid_request', `target: ${url.hostname} does not resolve`);
  }
  return url;
}
