import { describe, expect, it } from 'vitest';
import { preferredEncoding } from './compression.js';

describe('preferredEncoding', () => {
  it.each([
    [undefined, undefined],
    ['', undefined],
    ['identity', undefined],
    ['gzip, deflate, br, zstd', 'br'],
    ['gzip', 'gzip'],
    ['BR', 'br'],
    ['gzip;q=1, br;q=0.5', 'gzip'],
    ['br;q=0, gzip', 'gzip'],
    ['br;q=0, gzip;q=0', undefined],
    ['*', 'br'],
    ['*;q=0.5, gzip', 'gzip'],
    ['deflate', undefined],
  ])('answers %j with %j', (header, expected) => {
    expect(preferredEncoding(header)).toBe(expected);
  });
});
