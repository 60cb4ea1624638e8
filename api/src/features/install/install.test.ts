import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from '../../test/http.js';
import { startTestApi, type TestApi } from '../../test/test-api.js';
import { downloadInstallSh, run, sha256 } from './test/run-script.js';

// What the API serves to install nodes; install.sh itself runs in install-sh.test.ts.
let api: TestApi;
let scratch: string;
let installSh: string;

beforeAll(async () => {
  api = await startTestApi();
  ({ scratch, installSh } = await downloadInstallSh(api.url));
});

afterAll(async () => {
  await api.close();
  await rm(scratch, { recursive: true, force: true });
});

describe('install scripts', () => {
  it('serves install.sh verbatim, and it passes shellcheck', async () => {
    const reply = await fetch(`${api.url}/install.sh`);
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toMatch(/^text\/plain/);
    const served = await reply.text();
    const source = await readFile(new URL('./scripts/install.sh', import.meta.url), 'utf8');
    expect(served).toBe(source);
    const check = await run('shellcheck', ['--shell=bash', installSh], scratch);
    expect(check.stdout + check.stderr, 'shellcheck found problems').toBe('');
    expect(check.code).toBe(0);
  });

  it('documents the install routes in the OpenAPI document', async () => {
    const doc = await request(api.url, 'GET', '/openapi.json');
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining([
        '/install.sh',
        '/install.ps1',
        '/downloads/io-worker-collector.mjs',
        '/downloads/io-worker-collector.mjs.sha256',
        '/downloads/nvml/package.json',
        '/downloads/nvml/package-lock.json',
      ]),
    );
  });
});

describe('collector bundle', () => {
  it('serves one self-contained module whose SHA-256 is the published one', async () => {
    // Concurrent first requests share one build.
    const replies = await Promise.all(
      [1, 2, 3].map(() => fetch(`${api.url}/downloads/io-worker-collector.mjs`)),
    );
    const bodies = await Promise.all(
      replies.map(async (r) => new Uint8Array(await r.arrayBuffer())),
    );
    const [reply] = replies;
    const [body] = bodies;
    expect(reply!.status).toBe(200);
    expect(reply!.headers.get('content-type')).toMatch(/^application\/javascript/);
    expect(new Set(bodies.map((b) => sha256(b))).size).toBe(1);

    const sumReply = await fetch(`${api.url}/downloads/io-worker-collector.mjs.sha256`);
    expect(sumReply.status).toBe(200);
    const sum = await sumReply.text();
    expect(sum).toMatch(/^[0-9a-f]{64} {2}io-worker-collector\.mjs\n$/);
    expect(sum.slice(0, 64)).toBe(sha256(body!));
    expect(reply!.headers.get('etag')).toBe(`"${sha256(body!)}"`);

    const cached = await fetch(`${api.url}/downloads/io-worker-collector.mjs`, {
      headers: { 'if-none-match': reply!.headers.get('etag')! },
    });
    expect(cached.status).toBe(304);

    // Outside the repository, with no node_modules anywhere above it: every import is inlined.
    const dir = await mkdtemp(join(tmpdir(), 'iow-bundle-'));
    try {
      await writeFile(join(dir, 'io-worker-collector.mjs'), body!);
      const help = await run(process.execPath, ['io-worker-collector.mjs', '--help'], dir);
      expect(help.code, help.stderr).toBe(0);
      expect(help.stdout).toMatch(/enroll/);
      const enrollHelp = await run(
        process.execPath,
        ['io-worker-collector.mjs', 'enroll', '--help'],
        dir,
      );
      expect(enrollHelp.code, enrollHelp.stderr).toBe(0);
      expect(enrollHelp.stdout).toMatch(/--token/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('install.ps1 (checked statically: PowerShell is not installed here)', () => {
  let script: string;
  beforeAll(async () => {
    const reply = await fetch(`${api.url}/install.ps1`);
    expect(reply.status).toBe(200);
    script = await reply.text();
    const source = await readFile(new URL('./scripts/install.ps1', import.meta.url), 'utf8');
    expect(script).toBe(source);
  });

  it('takes -Api and -Token (mandatory) and -Root', () => {
    const params = /param\(([\s\S]*?)\n\)/.exec(script)?.[1] ?? '';
    expect(params).toMatch(/\[Parameter\(Mandatory\)\]\[string\]\$Api/);
    expect(params).toMatch(/\[Parameter\(Mandatory\)\]\[string\]\$Token/);
    expect(params).toMatch(/\[string\]\$Root/);
  });

  it('verifies the SHA-256 of everything it downloads and runs', () => {
    const downloads = [...script.matchAll(/Get-Download (\S+) (\S+|\([^)]*\))\n/g)].map((m) => ({
      url: m[1]!,
      file: m[2]!,
    }));
    expect(downloads.length).toBeGreaterThanOrEqual(5);
    for (const { url, file } of downloads) {
      // The checksum lists themselves are what the others are checked against.
      if (/SHASUMS256|\.sha256/.test(url)) continue;
      expect(script, `${url} is saved to ${file} but never checked`).toContain(
        `Assert-Sha256 ${file} `,
      );
    }
    expect(script).toMatch(/Get-FileHash -LiteralPath \$Path -Algorithm SHA256/);
    expect(script).toMatch(/\$WinSWSha256 = '[0-9a-f]{64}'/);
    expect(script).toMatch(/latest-v\$NodeMajor\.x/);
    expect(script).toContain('SHASUMS256.txt');
  });

  it('runs node as a service through WinSW, restarting it on failure, never sc.exe', () => {
    expect(script).toMatch(/releases\/download\/v\$WinSWVersion\/WinSW-x64\.exe/);
    expect(script).toContain('<onfailure action="restart"');
    expect(script).toContain('& $WinSWExe install');
    expect(script).toContain('& $WinSWExe uninstall');
    expect(script).not.toMatch(/sc(\.exe)?\s+create/i);
    expect(script).not.toMatch(/New-Service/);
    expect(script).toContain("Join-Path $env:ProgramData 'io-worker'");
    expect(script).toContain('enroll --api $Api --token $Token --config (Under $Config)');
  });

  it('installs koffi as install.sh does: npm ci from the API lock file, optional, -NoNvml', () => {
    expect(script).toMatch(/\[switch\]\$NoNvml/);
    expect(script).toContain('"$Api/downloads/nvml/$file"');
    expect(script).toContain("@('package.json', 'package-lock.json')");
    expect(script).toContain(
      '& $Node $npmCli ci --omit=dev --ignore-scripts --no-audit --no-fund --fetch-timeout=30000 --fetch-retries=1',
    );
    // npm skips a native module it cannot fetch and exits 0: the script looks for it.
    expect(script).toContain('Join-Path $Dir "node_modules\\@koromix\\$native"');
    expect(script).toContain('the collector will read nvidia-smi instead of NVML');
    // Moved into place after the old service is stopped (it holds koffi.node open), and
    // before the new one starts.
    const stopped = script.indexOf('& $WinSWExe uninstall');
    const moved = script.indexOf('Move-Item -LiteralPath $NvmlReader');
    expect(stopped).toBeGreaterThan(0);
    expect(moved).toBeGreaterThan(stopped);
    expect(script.indexOf('& $WinSWExe start')).toBeGreaterThan(moved);
  });
});
