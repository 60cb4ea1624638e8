import type { Builder, Dataquery } from '@grafana/grafana-foundation-sdk/cog';
import type { DataSourceRef } from '@grafana/grafana-foundation-sdk/common';

/** The provisioned InfluxDB datasource (provisioning/datasources/influxdb.yaml). */
export const INFLUX_DATASOURCE = {
  type: 'influxdb',
  uid: 'ioworker-influx',
} as const satisfies DataSourceRef;

export type ResultFormat = 'time_series' | 'table';

/** The InfluxDB datasource's query model in InfluxQL raw mode (the SDK ships none for InfluxDB). */
export interface InfluxTarget extends Dataquery {
  refId: string;
  hide?: boolean;
  datasource: DataSourceRef;
  query: string;
  rawQuery: true;
  resultFormat: ResultFormat;
  /** Legend: `$tag_device`, `$col`… */
  alias?: string;
}

export type TargetOptions = {
  refId?: string;
  format?: ResultFormat;
  alias?: string;
  hide?: boolean;
};

export class InfluxTargetBuilder implements Builder<Dataquery> {
  constructor(
    private readonly query: { toString(): string },
    private readonly options: TargetOptions = {},
  ) {}

  build(): InfluxTarget {
    const { refId = 'A', format = 'time_series', alias, hide } = this.options;
    return {
      refId,
      ...(hide ? { hide } : {}),
      datasource: { ...INFLUX_DATASOURCE },
      query: this.query.toString(),
      rawQuery: true,
      resultFormat: format,
      ...(alias ? { alias } : {}),
      _implementsDataqueryVariant() {},
    };
  }
}

/** A panel target running `query` on the IO Worker InfluxDB. */
export function influx(
  query: { toString(): string },
  options?: TargetOptions,
): InfluxTargetBuilder {
  return new InfluxTargetBuilder(query, options);
}
