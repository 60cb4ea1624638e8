import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

type Secrets = { serviceToken: string; adminToken: string; alertsToken: string };

/** The demo's role tokens, made once and kept with its data (mode 0600), so restarts agree. */
export function demoSecrets(dataDir: string): Secrets {
  const file = path.join(dataDir, 'demo-secrets.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as Secrets;
  const token = () => randomBytes(24).toString('hex');
  const secrets = { serviceToken: token(), adminToken: token(), alertsToken: token() };
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}
