import type { InferRequestType, InferResponseType } from 'hono/client';
import type { ApiClient } from '../../api/client';

type V1 = ApiClient['v1'];
type EstimatePost = V1['profitability']['estimate']['$post'];

export type DeviceProfitability = InferResponseType<
  V1['devices'][':id']['profitability']['$get'],
  200
>;
export type MeasuredBasis = DeviceProfitability['basis'];
export type Estimate = InferResponseType<EstimatePost, 200>;
export type EstimateRequest = InferRequestType<EstimatePost>['json'];
