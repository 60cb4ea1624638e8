import { generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';

/**
 * Writes a new ed25519 keypair as the Solana CLI stores one (a JSON array of the 32-byte
 * secret followed by the 32-byte public key), readable by its owner only.
 */
export function writeSolanaKeypairFile(file: string): void {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const secret = privateKey.export({ format: 'der', type: 'pkcs8' }).subarray(-32);
  const publicBytes = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32);
  writeFileSync(file, JSON.stringify([...secret, ...publicBytes]), { mode: 0o600 });
}
