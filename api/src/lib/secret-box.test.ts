import { describe, expect, it } from 'vitest';
import { createSecretBox } from './secret-box.js';

const KEY = 'a-test-key-that-is-at-least-32-characters';

describe('createSecretBox', () => {
  it('opens what it sealed; the sealed form shows nothing of the value and differs each time', () => {
    const box = createSecretBox(KEY);
    const url = 'https://discord.com/api/webhooks/123/secret-token';
    const first = box.seal(url);
    expect(box.open(first)).toBe(url);
    expect(first).not.toContain('secret-token');
    expect(box.seal(url)).not.toBe(first);
  });

  it('refuses a tampered value and a value sealed with another key', () => {
    const box = createSecretBox(KEY);
    const sealed = box.seal('chat 42');
    const [version, body] = sealed.split('.');
    const bytes = Buffer.from(body!, 'base64url');
    bytes[bytes.length - 1]! ^= 1; // one bit of the ciphertext
    const tampered = `${version}.${bytes.toString('base64url')}`;
    expect(() => box.open(tampered)).toThrow();
    expect(() => createSecretBox(`${KEY}-other`).open(sealed)).toThrow();
    expect(() => box.open('plain text')).toThrow(/not a sealed value/);
  });
});
