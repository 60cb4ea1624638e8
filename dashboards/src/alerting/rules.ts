import { throttledShares } from '../dashboards/gpu-health-panels.js';
import { AT_POWER_LIMIT, HEADROOM_LOW_C } from '../dashboards/limits.js';
import { counterIncreasePerGpu, hostPointsPerDevice } from '../influxql/fleet-queries.js';
import { divide, InfluxQuery, max, mean, min, times } from '../influxql/query-builder.js';
import type { ThresholdRuleSpec } from './threshold-rule.js';

/** Mean temperature over the window above which a card that also throttled counts as too hot. */
export const HOT_MEAN_C = 83;
export const NOT_REPORTING_WINDOW = '2m';

const where = 'GPU {{ $labels.gpu }} on device {{ $labels.device }}';
const fleet = { forDevices: false };
const DEVICE_DASHBOARD = 'Device detail dashboard';

/** Share of the time thermal or hardware slowdown held the clocks back, above which it alerts. */
export const THROTTLED_SHARE = 0.2;

/**
 * The highest thermal headroom over 10 minutes: under 5 °C only if every sample was, so a short
 * peak does not fire. Headroom, not temperature: slowdown starts at 83 °C on one model and 90 °C
 * on another, and the driver knows where.
 */
export const gpuLowHeadroom: ThresholdRuleSpec = {
  uid: 'ioworker-gpu-low-headroom',
  title: 'GPU near its slowdown temperature',
  query: InfluxQuery.from('gpu')
    .select(max('temperature_limit_margin_c').as('headroom_c'))
    .timeFilter()
    .groupBy('device', 'gpu'),
  windowS: 600,
  reducer: 'last',
  evaluator: 'lt',
  threshold: HEADROOM_LOW_C,
  for: '5m',
  noDataState: 'OK',
  severity: 'critical',
  summary: `${where} has had less than ${HEADROOM_LOW_C} °C of thermal headroom for 15 minutes (at most {{ printf "%.0f" $values.B.Value }} °C).`,
  description: [
    `What it means: the GPU has stayed within ${HEADROOM_LOW_C} °C of the temperature at which it slows itself down (nvidia-smi's T.Limit margin). It is throttling or about to; jobs run slower and the card ages faster.`,
    `What to check: the headroom, memory temperature and throttle panels of the GPU health dashboard and the fan panel of the ${DEVICE_DASHBOARD} (is the fan at 100 %?), the room or case temperature, dust in the heatsink, blocked or failed case fans, and whether the other GPUs of the node are close too (a shared cause).`,
    'What to do: improve airflow or cooling; meanwhile lower the power limit (`nvidia-smi -i <gpu> -pl <watts>`) until the headroom stays above 10 °C. A single card with a working fan and little headroom needs new thermal paste or pads.',
  ].join('\n\n'),
};

/**
 * Per minute, the share of the time thermal slowdown and hardware slowdown (or the power brake)
 * held the clocks back, from the driver's counters; the mean over 15 minutes, one alert series
 * per reason, so either one fires. The power cap is left out: at full load it is normal.
 */
export const gpuThrottled: ThresholdRuleSpec = {
  uid: 'ioworker-gpu-throttled',
  title: 'GPU held back by heat or hardware slowdown',
  query: throttledShares(['thermal', 'hardware'], { forDevices: false, interval: '1m' }),
  windowS: 900,
  reducer: 'mean',
  evaluator: 'gt',
  threshold: THROTTLED_SHARE,
  for: '0s',
  noDataState: 'OK',
  severity: 'warning',
  summary: `${where} was held back by thermal or hardware slowdown {{ humanizePercentage $values.B.Value }} of the last 15 minutes.`,
  description: [
    `What it means: for more than ${THROTTLED_SHARE * 100} % of the last 15 minutes the driver slowed the GPU down because of heat (software or hardware thermal slowdown) or a hardware signal (hardware slowdown, an external power brake). Jobs run correspondingly slower.`,
    'What to check: which reason on the "Time throttled by reason" panel of the GPU health dashboard; for thermal, the headroom and fan as for overheating; for hardware slowdown, `nvidia-smi -q -d PERFORMANCE` (HW Slowdown, HW Power Brake), the PSU and its cables (a brake signal from the power supply), and the node\'s other GPUs.',
    'What to do: fix the cooling (thermal) or the power delivery (power brake: PSU rating, cables, risers); a card alone in hardware slowdown with normal temperatures and power needs a reset (`nvidia-smi -r -i <gpu>`) and, if it returns, replacement.',
  ].join('\n\n'),
};

/**
 * The fallback for cards whose driver reports neither headroom nor slowdown counters (older
 * drivers, many consumer cards). One InfluxQL query cannot pick the GPUs that lack a field, so
 * it applies to every card; on one that reports headroom it fires later than the headroom rule
 * (a mean above 83 °C with throttling), which is why both stay.
 *
 * Mean temperature × max(throttled) over 10 minutes: the mean temperature when the card throttled
 * at least once, else 0. A card that merely runs warm (a daily 85 °C peak) does not fire.
 */
export const gpuHot: ThresholdRuleSpec = {
  uid: 'ioworker-gpu-hot',
  title: 'GPU overheating and throttling',
  query: InfluxQuery.from('gpu')
    .select(times(mean('temperature_c'), max('throttled')).as('hot_throttled_c'))
    .timeFilter()
    .groupBy('device', 'gpu'),
  windowS: 600,
  reducer: 'last',
  evaluator: 'gt',
  threshold: HOT_MEAN_C,
  for: '5m',
  noDataState: 'OK',
  severity: 'critical',
  summary: `${where} averaged {{ printf "%.0f" $values.B.Value }} °C for 10 minutes and is throttling.`,
  description: [
    `What it means: the GPU's mean temperature over 10 minutes is above ${HOT_MEAN_C} °C and it reported a clock slowdown in that time. Jobs run slower and the card ages faster.`,
    `What to check: the temperature and fan panels of the ${DEVICE_DASHBOARD} (is the fan at 100 %?), the room or case temperature, dust in the heatsink, blocked or failed case fans, and whether the other GPUs of the node are hot too (a shared cause).`,
    'What to do: improve airflow or cooling; meanwhile lower the power limit (`nvidia-smi -i <gpu> -pl <watts>`) until it stays under 80 °C. A single hot card with a working fan needs new thermal paste or pads.',
  ].join('\n\n'),
};

/**
 * Per device: host samples in the last 2 minutes, 0 for a device seen in the last 24 h and silent
 * since. A vanished series still alerts, which `noDataState` would not do per device.
 */
export const deviceNotReporting: ThresholdRuleSpec = {
  uid: 'ioworker-device-not-reporting',
  title: 'Device not reporting',
  query: hostPointsPerDevice(NOT_REPORTING_WINDOW, fleet),
  windowS: 24 * 3600,
  reducer: 'last',
  evaluator: 'lt',
  threshold: 1,
  for: '3m',
  noDataState: 'NoData',
  severity: 'critical',
  summary: 'Device {{ $labels.device }} has sent no samples for at least 5 minutes.',
  description: [
    'What it means: the node reported in the last 24 hours but no host sample has arrived for 5 minutes. The machine is down, the collector stopped, or the node cannot reach the API (the collector then buffers on disk and sends everything once it can).',
    'What to check: is the machine up (ping, SSH)? `systemctl status io-worker-collector` and `journalctl -u io-worker-collector -n 100` (the IO Worker Collector service on Windows); can the node reach the API (`curl -sS <api>/healthz`)? Did its network, DNS or proxy change?',
    'What to do: restart the collector or the machine, fix the network; buffered samples arrive by themselves. A retired node: delete it in the app. The alert resolves 24 hours after its last sample in any case.',
  ].join('\n\n'),
};

/** Mean board power / mean limit over 10 minutes, per GPU. */
export const powerAtLimit: ThresholdRuleSpec = {
  uid: 'ioworker-gpu-power-limit',
  title: 'GPU at its power limit',
  query: InfluxQuery.from('gpu')
    .select(divide(mean('power_w'), mean('power_limit_w')).as('power_ratio'))
    .timeFilter()
    .groupBy('device', 'gpu'),
  windowS: 600,
  reducer: 'last',
  evaluator: 'gte',
  threshold: AT_POWER_LIMIT,
  for: '10m',
  noDataState: 'OK',
  severity: 'info',
  summary: `${where} has drawn {{ humanizePercentage $values.B.Value }} of its power limit for 20 minutes.`,
  description: [
    `What it means: board power has stayed at ${AT_POWER_LIMIT * 100} % or more of the power limit: the card is power-capped, so power, not load, limits its clocks. Under full training load this can be normal.`,
    'What to check: `nvidia-smi -q -d POWER` — is "Current Power Limit" below "Default Power Limit" (lowered on purpose or by mistake)? Is the power supply near its rating (all GPU limits plus the host within about 80 % of it)? Is the card still profitable at this draw (Profitability page of the app)?',
    'What to do: restore the default limit if it was lowered by mistake (`nvidia-smi -i <gpu> -pl <watts>`), add PSU headroom, or accept it as the cost of full load.',
  ].join('\n\n'),
};

/** New Xid lines for the GPU's bus in the last 15 minutes (a reboot's counter reset is skipped). */
export const xidErrors: ThresholdRuleSpec = {
  uid: 'ioworker-gpu-xid',
  title: 'GPU XID errors',
  query: counterIncreasePerGpu('xid_errors', fleet),
  windowS: 900,
  reducer: 'last',
  evaluator: 'gt',
  threshold: 0,
  for: '0s',
  noDataState: 'OK',
  severity: 'critical',
  summary: `${where} logged {{ printf "%.0f" $values.B.Value }} new XID error(s) in 15 minutes.`,
  description: [
    'What it means: the NVIDIA driver logged Xid errors for this GPU. The reset-class ones need the GPU reset or the node rebooted before it can be trusted again: 48 (double-bit ECC error), 79 (GPU has fallen off the bus), 94 (contained ECC error), 95 (uncontained ECC error). Others (13, 31, 43) are usually a faulting job, not the card.',
    'What to check: `journalctl -k | grep -i xid` (or `dmesg`) on the node for the Xid numbers; `nvidia-smi -q -d ECC,ROW_REMAPPER` (or `PAGE_RETIREMENT` on older cards); the GPU health dashboard for the same card earlier.',
    'What to do: for 48, 79, 94 or 95 drain the jobs and reset the GPU (`nvidia-smi -r -i <gpu>`) or reboot; for 79, reseat the card and check its power cables and riser. Repeats on the same card: plan a replacement. The alert resolves 15 minutes after the last new Xid.',
  ].join('\n\n'),
};

/** New uncorrectable (volatile) ECC errors in the last 15 minutes. */
export const eccErrors: ThresholdRuleSpec = {
  uid: 'ioworker-gpu-ecc',
  title: 'GPU uncorrectable ECC errors',
  query: counterIncreasePerGpu('ecc_errors', fleet),
  windowS: 900,
  reducer: 'last',
  evaluator: 'gt',
  threshold: 0,
  for: '0s',
  noDataState: 'OK',
  severity: 'critical',
  summary: `${where} reported {{ printf "%.0f" $values.B.Value }} new uncorrectable ECC error(s).`,
  description: [
    'What it means: the GPU memory returned data it could not correct. The job that read it may have produced wrong results or crashed; usually Xid 48, 94 or 95 is logged with it.',
    'What to check: `nvidia-smi -q -d ECC,ROW_REMAPPER` (Ampere and newer: "Pending: Yes" or "Remapping Failure Occurred: Yes") or `-d PAGE_RETIREMENT` (older cards); `journalctl -k | grep -i xid`.',
    'What to do: drain the jobs and reset the GPU or reboot so the bad row is remapped (or the page retired). If remapping failed or errors return, take the card out of service and replace it.',
  ].join('\n\n'),
};

/** The smallest backlog over 10 minutes: above 0 only if every sample reported one. */
export const collectorBuffering: ThresholdRuleSpec = {
  uid: 'ioworker-collector-buffering',
  title: 'Collector cannot keep up sending',
  query: InfluxQuery.from('host')
    .select(min('buffered_points').as('buffered_points'))
    .timeFilter()
    .groupBy('device'),
  windowS: 600,
  reducer: 'last',
  evaluator: 'gt',
  threshold: 0,
  for: '5m',
  noDataState: 'OK',
  severity: 'warning',
  summary:
    'The collector on device {{ $labels.device }} has had samples waiting to be sent for 15 minutes (at least {{ printf "%.0f" $values.B.Value }}).',
  description: [
    'What it means: every sample of the last 10 minutes reported a backlog in the collector’s disk buffer, so the API is unreachable from the node part of the time or refuses its writes, and its data arrives late. (While nothing gets through, "Device not reporting" fires instead; this one fires while some gets through, and while a large backlog drains after an outage.)',
    'What to check: `journalctl -u io-worker-collector` for the write errors (HTTP status, timeouts, TLS, DNS); `curl -sS <api>/healthz` from the node; a proxy or firewall in between; whether the device credential was revoked (re-enroll the node).',
    'What to do: fix the connectivity or re-enroll. The buffer (100 MB by default, `--buffer-mb`) keeps samples until they are sent; once it is full the oldest are dropped and the dropped-samples count rises.',
  ].join('\n\n'),
};

export const ALERT_RULES = {
  devices: [deviceNotReporting, collectorBuffering],
  gpus: [gpuLowHeadroom, gpuThrottled, gpuHot, xidErrors, eccErrors, powerAtLimit],
} as const;
