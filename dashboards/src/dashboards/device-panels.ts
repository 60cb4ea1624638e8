import { GraphDrawStyle, GraphTransform } from '@grafana/grafana-foundation-sdk/common';
import { influx } from '../grafana/influx-target.js';
import {
  dashedThresholds,
  NEUTRAL,
  PER_GPU,
  props,
  thresholds,
  timeseries,
} from '../grafana/panels.js';
import { HOT_C, WARM_C } from './limits.js';

/**
 * The panels Device detail (raw samples) and Device history (rollups) share: each is given its
 * query, so the two dashboards differ only in what they read.
 */
type Query = { toString(): string };

const DASHED_WITHOUT_FILL = props({
  'custom.lineStyle': { fill: 'dash', dash: [10, 10] },
  'custom.fillOpacity': 0,
});

export function temperaturePanel(query: Query, alias = PER_GPU) {
  return timeseries('GPU temperature', 'celsius')
    .thresholds(thresholds([null, 'green'], [WARM_C, 'orange'], [HOT_C, 'red']))
    .thresholdsStyle(dashedThresholds())
    .axisSoftMin(20)
    .axisSoftMax(95)
    .withTarget(influx(query, { alias }));
}

/** `power` and the board's `limit`, dashed. */
export function powerVersusLimitPanel(query: Query) {
  return timeseries('Power vs limit', 'watt')
    .min(0)
    .thresholds(thresholds(...NEUTRAL))
    .overrideByRegexp('/limit$/', DASHED_WITHOUT_FILL)
    .withTarget(influx(query, { alias: `${PER_GPU} $col` }));
}

export function utilisationPanel(query: Query) {
  return timeseries('GPU utilisation', 'percent')
    .min(0)
    .max(100)
    .thresholds(thresholds(...NEUTRAL))
    .withTarget(influx(query, { alias: PER_GPU }));
}

/** `used` and the card's `total`, dashed. */
export function memoryPanel(query: Query) {
  return timeseries('GPU memory', 'mbytes')
    .min(0)
    .thresholds(thresholds(...NEUTRAL))
    .overrideByRegexp('/total$/', DASHED_WITHOUT_FILL)
    .withTarget(influx(query, { alias: `${PER_GPU} $col` }));
}

export function throttlingPanel(query: Query) {
  return timeseries('Time throttled', 'percentunit')
    .description('Share of samples in each interval in which the GPU reported a clock slowdown.')
    .min(0)
    .max(1)
    .thresholds(thresholds([null, 'green'], [0.01, 'orange'], [0.5, 'red']))
    .withTarget(influx(query, { alias: PER_GPU }));
}

/** New `xid` and `ecc` errors per interval, as bars. */
export function errorsPanel(query: Query) {
  return timeseries('New XID and uncorrectable ECC errors', 'none')
    .min(0)
    .decimals(0)
    .drawStyle(GraphDrawStyle.Bars)
    .fillOpacity(80)
    .thresholds(thresholds([null, 'green'], [1, 'red']))
    .withTarget(influx(query, { alias: `${PER_GPU} $col` }));
}

/** `received` up and `sent` down. */
export function trafficPanel(query: Query) {
  return timeseries('Network traffic', 'Bps')
    .thresholds(thresholds(...NEUTRAL))
    .overrideByRegexp('/sent$/', props({ 'custom.transform': GraphTransform.NegativeY }))
    .withTarget(influx(query, { alias: '$tag_device $col' }));
}

/** Host `cpu` in percent, `memory` in MiB on the right axis. */
export function hostLoadPanel(query: Query) {
  return timeseries('Host CPU and memory', 'percent')
    .min(0)
    .thresholds(thresholds(...NEUTRAL))
    .overrideByRegexp('/memory$/', props({ unit: 'mbytes', 'custom.axisPlacement': 'right' }))
    .withTarget(influx(query, { alias: '$tag_device $col' }));
}
