import { z } from '@hono/zod-openapi';
import type { AuthenticatorTransportFuture } from '@simplewebauthn/server';
import { labelSchema } from '../../lib/validation.js';

const TRANSPORTS: readonly AuthenticatorTransportFuture[] = [
  'ble',
  'cable',
  'hybrid',
  'internal',
  'nfc',
  'smart-card',
  'usb',
];

/** The transports a browser named that WebAuthn knows; a future one is dropped, not refused. */
export function knownTransports(names: readonly string[] = []): AuthenticatorTransportFuture[] {
  return TRANSPORTS.filter((transport) => names.includes(transport));
}

/** base64url text of at most `max` characters: every field of a response is bounded. */
function base64url(max: number) {
  return z
    .string()
    .max(max, { error: `must be at most ${max} characters` })
    .regex(/^[A-Za-z0-9_-]*={0,2}$/, { error: 'must be base64url' });
}

/** A credential id is at most 1,023 bytes (WebAuthn §5.8.3): 1,364 base64url characters. */
const credentialId = base64url(1364).min(1, { error: 'must not be empty' });

const credentialFields = {
  id: credentialId,
  rawId: credentialId,
  type: z.literal('public-key', { error: 'must be "public-key"' }),
  authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
  clientExtensionResults: z
    .object({ credProps: z.object({ rk: z.boolean().optional() }).optional() })
    .default({}),
};

/** What `navigator.credentials.create()` answers, as `PublicKeyCredential.toJSON()` writes it. */
export const RegistrationResponse = z
  .object({
    ...credentialFields,
    response: z.object({
      clientDataJSON: base64url(4096),
      attestationObject: base64url(16_384),
      transports: z
        .array(z.string().max(32))
        .max(10)
        .optional()
        .transform((names) => knownTransports(names)),
    }),
  })
  .openapi('PasskeyRegistrationResponse', {
    description:
      "The browser's `PublicKeyCredential.toJSON()` after `navigator.credentials.create()`.",
  });

/** What `navigator.credentials.get()` answers, as `PublicKeyCredential.toJSON()` writes it. */
export const AuthenticationResponse = z
  .object({
    ...credentialFields,
    response: z.object({
      clientDataJSON: base64url(4096),
      authenticatorData: base64url(4096),
      signature: base64url(2048),
      userHandle: base64url(128)
        .nullish()
        .transform((value) => value ?? undefined),
    }),
  })
  .openapi('PasskeyAuthenticationResponse', {
    description:
      "The browser's `PublicKeyCredential.toJSON()` after `navigator.credentials.get()`.",
  });

export type RegistrationResponse = z.infer<typeof RegistrationResponse>;
export type AuthenticationResponse = z.infer<typeof AuthenticationResponse>;

export const NewPasskey = z.object({
  response: RegistrationResponse,
  name: labelSchema(64).optional().openapi({ description: 'left out: "Passkey"' }),
});

export const PasskeySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    createdAt: z.string(),
    lastUsedAt: z.string().nullable().openapi({ description: 'null until first used' }),
  })
  .openapi('Passkey');

const CredentialDescriptor = z.object({
  id: z.string(),
  type: z.literal('public-key'),
  transports: z.array(z.string()).optional(),
});

const optionsDescription =
  'Give it to `PublicKeyCredential.parse…OptionsFromJSON()` (or @simplewebauthn/browser) as is. Its challenge works once, for 5 minutes.';

export const CreationOptions = z
  .object({
    rp: z.object({ id: z.string().optional(), name: z.string() }),
    user: z.object({ id: z.string(), name: z.string(), displayName: z.string() }),
    challenge: z.string(),
    pubKeyCredParams: z.array(z.object({ alg: z.number(), type: z.literal('public-key') })),
    timeout: z.number().optional(),
    excludeCredentials: z.array(CredentialDescriptor).optional(),
    attestation: z.string().optional(),
  })
  .openapi('PasskeyCreationOptions', { description: optionsDescription });

export const RequestOptions = z
  .object({
    challenge: z.string(),
    rpId: z.string().optional(),
    timeout: z.number().optional(),
    allowCredentials: z.array(CredentialDescriptor).optional(),
    userVerification: z.string().optional(),
  })
  .openapi('PasskeyRequestOptions', { description: optionsDescription });
