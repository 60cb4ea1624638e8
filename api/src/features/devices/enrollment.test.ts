import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../config.js';
import { installCommands } from './enrollment.js';

const TOKEN = 'iowe_abcdefghijklmnopqrstuvwxyz234567';

/**
 * Runs the Ubuntu command in a real bash with `curl` and `sudo` replaced by functions that print
 * their arguments: whatever the shell would expand or run shows up as a difference.
 */
function argumentsBashSees(command: string): { curl: string[]; sudo: string[] } {
  const stubs = `curl() { printf '%s\\n' "$@" >&2; }; sudo() { printf '%s\\n' "$@"; };`;
  const result = spawnSync('bash', ['-c', `${stubs} ${command}`], {
    encoding: 'utf8',
    cwd: '/',
  });
  expect(result.status).toBe(0);
  const lines = (text: string) => text.split('\n').filter(Boolean);
  return { curl: lines(result.stderr), sudo: lines(result.stdout) };
}

/** The URL parseConfig accepts for `value`, or undefined when it refuses it. */
function acceptedPublicUrl(value: string): string | undefined {
  try {
    return parseConfig({ PUBLIC_URL: value }).publicUrl;
  } catch (error) {
    if (error instanceof ConfigError) return undefined;
    throw error;
  }
}

describe('installCommands', () => {
  it.each([
    'http://localhost:8080',
    'https://api.example.com/',
    'https://example.com/io-worker/api_v1',
    'http://10.0.0.5:8080/a.b/c-d',
    'https://api.example.com/$(echo pwned)',
    'https://api.example.com/`echo pwned`',
    'https://api.example.com/;echo pwned',
    "https://api.example.com/'; echo pwned; '",
    'https://api.example.com/?a=1&b=$HOME',
    'https://user:x@api.example.com/',
  ])('hands whatever PUBLIC_URL %s is accepted as to the installer verbatim', (value) => {
    const publicUrl = acceptedPublicUrl(value);
    if (publicUrl === undefined) return;
    const commands = installCommands(publicUrl, TOKEN);
    expect(argumentsBashSees(commands.ubuntu)).toEqual({
      curl: ['-fsSL', `${publicUrl}/install.sh`],
      sudo: ['bash', '-s', '--', '--api', publicUrl, '--token', TOKEN],
    });
    // PowerShell (and cmd.exe around it): the URL sits between single quotes it cannot close.
    expect(publicUrl).not.toMatch(/['"`$%;&|<>()\s]/);
    expect(commands.windows).toContain(`irm '${publicUrl}/install.ps1'`);
    expect(commands.windows).toContain(`-Api '${publicUrl}'`);
  });
});
