import type { InferResponseType } from 'hono/client';
import type { ApiClient } from '../../api/client';

type V1 = ApiClient['v1'];
type HistoryGet = V1['earnings']['history']['$get'];

export type EarningsSummary = InferResponseType<V1['earnings']['summary']['$get'], 200>;
export type HistoryPage = InferResponseType<HistoryGet, 200>;
export type LedgerEntry = HistoryPage['entries'][number];
export type HistoryQuery = NonNullable<Parameters<HistoryGet>[0]>['query'];
export type PayoutsPage = InferResponseType<V1['payouts']['$get'], 200>;
export type Payout = PayoutsPage['payouts'][number];
export type PayoutStatus = Payout['status'];
export type EarningsDay = InferResponseType<V1['earnings']['daily']['$get'], 200>['days'][number];
/** The JSON form of a statement (the route answers CSV too, when asked). */
export type Statement = Extract<
  InferResponseType<V1['statements'][':month']['$get'], 200>,
  { month: string }
>;
export type StatementPayout = Statement['payouts'][number];
