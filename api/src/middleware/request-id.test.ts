import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capturingLogger } from '../test/capturing-logger.js';
import { startTestApi, type TestApi } from '../test/test-api.js';

let api: TestApi;
const { logger, lines } = capturingLogger<{ requestId?: string; path?: string }>();

beforeAll(async () => {
  api = await startTestApi({}, { logger });
});
afterAll(() => api.close());

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** The id the response carries and the one the request log line holds. */
async function idsFor(header: string | undefined) {
  const path = `/healthz`;
  const before = lines.length;
  const response = await fetch(`${api.url}${path}`, {
    headers: header === undefined ? {} : { 'x-request-id': header },
  });
  await response.arrayBuffer();
  const logged = lines.slice(before).find((line) => line.path === path);
  return { answered: response.headers.get('x-request-id'), logged: logged?.requestId };
}

describe('X-Request-Id', () => {
  it.each(['abc', 'trace.4f2a-9B_c', 'x'.repeat(64)])('keeps a plain id: %s', async (id) => {
    expect(await idsFor(id)).toEqual({ answered: id, logged: id });
  });

  it.each([
    ['65 characters', 'x'.repeat(65)],
    ['255 characters', 'y'.repeat(255)],
    ['a space', 'a b'],
    ['a quote', 'a"b'],
    ['an equals sign', 'a=b'],
    ['a slash', '../etc/passwd'],
    ['a brace', '{"level":60}'],
    ['only spaces', '   '],
  ])('replaces one with %s by a new UUID', async (_, id) => {
    const { answered, logged } = await idsFor(id);
    expect(answered).toMatch(UUID);
    expect(logged).toBe(answered);
  });

  it('makes one when none is sent', async () => {
    const { answered, logged } = await idsFor(undefined);
    expect(answered).toMatch(UUID);
    expect(logged).toBe(answered);
  });
});
