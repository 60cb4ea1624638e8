import type { DataSourceRef } from '@grafana/grafana-foundation-sdk/common';
import { DataqueryBuilder } from '@grafana/grafana-foundation-sdk/prometheus';

/**
 * The provisioned Prometheus datasource (provisioning/datasources/prometheus.yaml): the API's
 * and the worker's own metrics (`ioworker_*`, GET /metrics on METRICS_PORT), for operators.
 */
export const PROMETHEUS_DATASOURCE = {
  type: 'prometheus',
  uid: 'ioworker-prometheus',
} as const satisfies DataSourceRef;

export type PromTargetOptions = { refId?: string; legend?: string; instant?: boolean };

/** A panel or alert query running PromQL `expr` on the IO Worker Prometheus. */
export function prom(expr: string, options: PromTargetOptions = {}): DataqueryBuilder {
  const { refId = 'A', legend, instant = false } = options;
  const query = new DataqueryBuilder()
    .refId(refId)
    .datasource({ ...PROMETHEUS_DATASOURCE })
    .expr(expr);
  if (legend) query.legendFormat(legend);
  return instant ? query.instant() : query.range();
}
