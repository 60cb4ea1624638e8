// The tables of accounts: sign-in, sessions, tokens, second factors and the audit log.
import type { TokenScope } from '@ioworker/contract';
import type { ColumnType, Generated } from 'kysely';
import type { DefaultedTimestamp, Json, Timestamp } from '../columns.js';

export type AccountsTable = {
  id: Generated<string>;
  email: string;
  password_hash: string;
  electricity_price: ColumnType<string, string | undefined, string>;
  currency: ColumnType<string, string | undefined, string>;
  sol_price: ColumnType<string | null, string | null | undefined, string | null>;
  timezone: ColumnType<string, string | undefined, string>;
  created_at: DefaultedTimestamp;
  /** Quiet hours, `HH:MM` in the account's time zone; both null when there are none. */
  quiet_start: ColumnType<string | null, string | null | undefined, string | null>;
  quiet_end: ColumnType<string | null, string | null | undefined, string | null>;
  /** Null until the address is confirmed from the link mailed to it. */
  email_verified_at: ColumnType<
    Date | null,
    Date | string | null | undefined,
    Date | string | null
  >;
};

export type AccountTokenPurpose =
  'verify_email' | 'password_reset' | 'email_change' | 'end_session';

export type AccountTokensTable = {
  id: Generated<string>;
  account_id: string;
  purpose: AccountTokenPurpose;
  token_hash: string;
  /** The address it was sent to verify, or the new address to change to. */
  email: string | null;
  /** The session an `end_session` token ends. */
  session_id: string | null;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  created_at: DefaultedTimestamp;
};

export type SessionsTable = {
  id: Generated<string>;
  token_hash: string;
  account_id: string;
  created_at: DefaultedTimestamp;
  expires_at: Timestamp;
  last_used_at: DefaultedTimestamp;
  ip: string;
  user_agent: string | null;
};

/** A personal API token (`iowp_…`); revoking it deletes the row. */
export type PersonalTokensTable = {
  id: Generated<string>;
  account_id: string;
  name: string;
  scope: TokenScope;
  token_hash: string;
  /** The token's last four characters, to tell tokens apart; not enough to guess one. */
  last_four: string;
  created_at: DefaultedTimestamp;
  /** Null: never expires. */
  expires_at: Timestamp | null;
  last_used_at: Timestamp | null;
};

export type AuthAttemptsTable = {
  id: Generated<string>;
  kind: 'login_failure' | 'registration' | 'password_reset';
  email: string | null;
  ip: string;
  at: DefaultedTimestamp;
};

export type AuditEventsTable = {
  id: Generated<string>;
  account_id: string | null;
  action: string;
  ip: string | null;
  user_agent: string | null;
  device_id: string | null;
  details: Json<Record<string, unknown>>;
  at: DefaultedTimestamp;
};

export type TotpCredentialsTable = {
  account_id: string;
  secret_sealed: string;
  /** Null while set-up waits for its first code. */
  confirmed_at: Timestamp | null;
  /** The last 30-second step a code was accepted for: a code works once. */
  last_used_step: ColumnType<string | number, string | number | undefined, string | number>;
  created_at: DefaultedTimestamp;
};

export type RecoveryCodesTable = {
  id: Generated<string>;
  account_id: string;
  code_hash: string;
  used_at: Timestamp | null;
};

export type MfaChallengesTable = {
  id: Generated<string>;
  account_id: string;
  token_hash: string;
  expires_at: Timestamp;
  attempts: ColumnType<number, number | undefined, number>;
  used_at: Timestamp | null;
};

export type PasskeysTable = {
  id: Generated<string>;
  account_id: string;
  /** base64url, as WebAuthn responses carry it. */
  credential_id: string;
  /** The COSE public key, base64url. */
  public_key: string;
  /** bigint: read as a string. */
  counter: ColumnType<string, string | number | undefined, string | number>;
  transports: Json<string[]>;
  name: string;
  created_at: DefaultedTimestamp;
  last_used_at: Timestamp | null;
};

export type PasskeyChallengePurpose = 'registration' | 'sign_in' | 'second_factor';

export type PasskeyChallengesTable = {
  id: Generated<string>;
  challenge: string;
  purpose: PasskeyChallengePurpose;
  /** Null only for a passwordless sign-in, whose account is not known yet. */
  account_id: string | null;
  expires_at: Timestamp;
  used_at: Timestamp | null;
};
