// The tables of money: jobs, the ledger and its sums, wallets and payouts.
import type { JobStatus } from '@ioworker/contract';
import type { ColumnType, Generated } from 'kysely';
import type { DefaultedTimestamp, Json, Lamports, Timestamp } from '../columns.js';

export type JobsTable = {
  id: Generated<string>;
  external_id: string;
  device_id: string;
  account_id: string;
  status: JobStatus;
  started_at: Timestamp;
  ended_at: Timestamp | null;
  earnings_lamports: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: DefaultedTimestamp;
  updated_at: DefaultedTimestamp;
};

export type LedgerKind = 'job' | 'payout' | 'adjustment';

export type LedgerEntriesTable = {
  id: Generated<string>;
  account_id: string;
  kind: LedgerKind;
  amount_lamports: Lamports;
  device_id: string | null;
  job_id: string | null;
  payout_id: string | null;
  note: string | null;
  at: DefaultedTimestamp;
};

/** Sums of ledger entries, kept by a trigger on ledger_entries (migration 0013). */
export type LedgerAccountHoursTable = {
  account_id: string;
  /** The UTC hour the entries fall in, at its start. */
  hour: Timestamp;
  kind: LedgerKind;
  amount_lamports: Lamports;
};

export type LedgerDeviceHoursTable = LedgerAccountHoursTable & { device_id: string };

export type LedgerAccountTotalsTable = Omit<LedgerAccountHoursTable, 'hour'>;

export type WalletsTable = {
  account_id: string;
  address: string;
  hold_until: Timestamp;
  updated_at: DefaultedTimestamp;
};

/** Every payout address an account had, from when (migration 0017, kept by a trigger). */
export type WalletAddressesTable = {
  id: Generated<string>;
  account_id: string;
  address: string;
  set_at: Timestamp;
};

export type PayoutStatus = 'held' | 'pending' | 'sent' | 'confirmed' | 'failed';
/** Why a payout waits: over PAYOUT_MAX_LAMPORTS, or over what PAYOUT_DAILY_MAX_LAMPORTS leaves. */
export type PayoutHoldReason = 'over_payout_cap' | 'over_daily_cap';

export type PayoutsTable = {
  id: Generated<string>;
  account_id: string;
  amount_lamports: Lamports;
  address: string;
  status: PayoutStatus;
  signature: string | null;
  wire_transaction: string | null;
  last_valid_block_height: ColumnType<string | null, string | null | undefined, string | null>;
  failure_reason: string | null;
  hold_reason: ColumnType<PayoutHoldReason | null, PayoutHoldReason | null | undefined>;
  approved_at: ColumnType<Date | null, Date | null | undefined>;
  released_at: ColumnType<Date | null, Date | null | undefined>;
  created_at: DefaultedTimestamp;
  updated_at: DefaultedTimestamp;
};

/** What a payout run handed to the worker ended with (features/payouts/payout-handoff.ts). */
export type PayoutRunOutcome =
  | { kind: 'ran'; payoutIds: string[] }
  | { kind: 'busy' }
  | { kind: 'disabled' }
  /** An approval the payout's state refused (404, or 409 not held / address changed). */
  | { kind: 'refused'; status: 404 | 409; code: string; message: string }
  | { kind: 'failed'; message: string };

/** An admin's payout run, asked of the worker by an API that holds no treasury key. */
export type PayoutRunRequestsTable = {
  id: Generated<string>;
  requested_at: DefaultedTimestamp;
  claimed_at: Date | null;
  finished_at: Date | null;
  outcome: Json<PayoutRunOutcome> | null;
  /** An admin's approval of this held payout; null: an admin's full payout run. */
  approve_payout_id: ColumnType<string | null, string | null | undefined, string | null>;
};

/** What reconciliation last found for a confirmed payout; `problems` empty when all agreed. */
export type PayoutChecksTable = {
  payout_id: string;
  checked_at: DefaultedTimestamp;
  problems: Json<PayoutProblem[]>;
  chain_lamports: ColumnType<string | null, string | null, string | null>;
  chain_destination: string | null;
};

export type PayoutProblemCode =
  | 'signature_missing'
  | 'not_on_chain'
  | 'failed_on_chain'
  | 'amount_differs'
  | 'ledger_differs'
  | 'destination_differs';

/** One way a payout and the chain disagree; `expected` is what the records say. */
export type PayoutProblem = {
  code: PayoutProblemCode;
  message: string;
  expected: string | null;
  actual: string | null;
};
