import type { InferResponseType } from 'hono/client';
import type { LiveEventData } from '@ioworker/api';
import type { ApiClient } from '../../api/client';

type DeviceRoutes = ApiClient['v1']['devices'][':id'];

export type { DeviceDetail } from '../../api/client';
export type MetricsResponse = InferResponseType<DeviceRoutes['metrics']['$get'], 200>;
export type MetricSeries = MetricsResponse['series'][number];
export type Job = InferResponseType<DeviceRoutes['jobs']['$get'], 200>['jobs'][number];
export type DeviceNotification = InferResponseType<
  DeviceRoutes['notifications']['$get'],
  200
>['notifications'][number];
export type DeviceSample = LiveEventData['device.sample'];
export type DeviceHealth = InferResponseType<DeviceRoutes['health']['$get'], 200>;
export type GpuHealth = DeviceHealth['gpus'][number];
export type XidInfo = GpuHealth['xid']['latest'][number];
export type DeviceInsights = InferResponseType<DeviceRoutes['insights']['$get'], 200>;
export type CohortComparison = NonNullable<DeviceInsights['cohort']>;
