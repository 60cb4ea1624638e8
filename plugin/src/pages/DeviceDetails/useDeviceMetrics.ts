import { useEffect, useMemo, useRef, useState } from 'react';
import { unwrap } from '../../api/client';
import { useLiveEvent, useRequest } from '../../api/hooks';
import { useInterval } from '../../hooks/useInterval';
import { latestPerGpu, mergeSample, type GpuLatest } from './metrics-frames';
import {
  parseStep,
  rangeKey,
  refreshIntervalMs,
  resolveRange,
  type ChartRange,
} from './time-range';
import type { DeviceSample, MetricSeries } from './types';

/**
 * The device's series for a range. A relative range reloads on a timer and, between reloads,
 * grows with the live samples; the previous series stay on screen while a reload runs.
 */
export function useDeviceMetrics(deviceId: string, range: ChartRange) {
  const [lastSample, setLastSample] = useState<DeviceSample>();
  const [intervalS, setIntervalS] = useState<number>();
  const previousAt = useRef<number | undefined>(undefined);
  const metrics = useRequest(
    (client, signal) => {
      const { from, to } = resolveRange(range, Date.now());
      return unwrap(
        client.v1.devices[':id'].metrics.$get(
          {
            param: { id: deviceId },
            query: { from: new Date(from).toISOString(), to: new Date(to).toISOString() },
          },
          { init: { signal } },
        ),
      );
    },
    [deviceId, rangeKey(range)],
  );

  const { reload, setData } = metrics;
  // A hidden tab skips its reloads; the next visible tick catches up.
  useInterval(() => document.hidden || reload(), refreshIntervalMs(range));

  useLiveEvent('device.sample', (sample) => {
    if (sample.deviceId !== deviceId) return;
    // The API does not expose the reporting interval; two consecutive samples show it.
    const at = Date.parse(sample.at);
    const gap = previousAt.current === undefined ? undefined : (at - previousAt.current) / 1000;
    previousAt.current = at;
    if (gap !== undefined && gap > 0 && gap < 3600) setIntervalS(Math.round(gap));
    setLastSample(sample);
    if (range.kind !== 'relative') return;
    setData((current) => {
      if (!current) return current;
      const series = mergeSample(current.series, sample, {
        stepMs: parseStep(current.step) ?? 10_000,
        windowStartMs: Date.now() - range.seconds * 1000,
      });
      return series === current.series ? current : { ...current, series };
    });
  });

  // A zoomed-in past range says nothing about now: the GPU table keeps the newest relative load.
  const { data, error } = metrics;
  const [recentSeries, setRecentSeries] = useState<MetricSeries[]>([]);
  useEffect(() => {
    if (range.kind === 'relative' && data) setRecentSeries(data.series);
  }, [range.kind, data]);
  const latestSource = range.kind === 'relative' ? data?.series : recentSeries;
  const latest = useMemo(() => {
    if (latestSource?.length || lastSample) return latestPerGpu(latestSource ?? [], lastSample);
    return error || data ? new Map<number, GpuLatest>() : undefined;
  }, [latestSource, lastSample, error, data]);

  return { ...metrics, lastSample, intervalS, latest };
}
