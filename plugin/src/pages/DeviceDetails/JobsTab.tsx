import React from 'react';
import { cx } from '@emotion/css';
import { Badge, EmptyState, useStyles2, type BadgeColor } from '@grafana/ui';
import Skeleton from 'react-loading-skeleton';
import { isTerminalJobStatus } from '@ioworker/contract';
import { unwrap } from '../../api/client';
import { useLiveEvent } from '../../api/hooks';
import { ApiErrorAlert } from '../../components/ApiErrorAlert/ApiErrorAlert';
import { getTableStyles } from '../../components/DataTable/table-styles';
import { LoadMore } from '../../components/LoadMore/LoadMore';
import { useNow } from '../../hooks/useNow';
import { usePagedList } from '../../hooks/usePagedList';
import { visuallyHidden } from '../../styles/visually-hidden';
import { testIds } from '../../testIds';
import { formatDateTime, formatDuration, formatSol } from '../../utils/format';
import type { Job } from './types';

const PAGE_SIZE = 25;

/** The device's jobs, newest first; jobs reported meanwhile arrive live. */
export function useDeviceJobs(deviceId: string) {
  const jobs = usePagedList<Job>(deviceId, async (client, cursor, signal) => {
    const page = await unwrap(
      client.v1.devices[':id'].jobs.$get(
        { param: { id: deviceId }, query: { limit: PAGE_SIZE, cursor } },
        { init: { signal } },
      ),
    );
    return { items: page.jobs, nextCursor: page.nextCursor };
  });
  const { upsert } = jobs;
  useLiveEvent('job', (job) => {
    if (job.deviceId === deviceId) upsert(job);
  });
  return jobs;
}

const STATUS: Record<Job['status'], { color: BadgeColor; label: string }> = {
  assigned: { color: 'blue', label: 'Assigned' },
  running: { color: 'purple', label: 'Running' },
  completed: { color: 'green', label: 'Completed' },
  failed: { color: 'red', label: 'Failed' },
  cancelled: { color: 'darkgrey', label: 'Cancelled' },
};

interface Props {
  jobs: ReturnType<typeof useDeviceJobs>;
  timeZone: string;
}

export function JobsTab({ jobs, timeZone }: Props) {
  const styles = useStyles2(getTableStyles);
  const now = useNow(1000);
  const { page, error, reload } = jobs;
  const items = page?.items;

  if (error && !items) {
    return <ApiErrorAlert error={error} title="Could not load the jobs" onRetry={reload} />;
  }
  if (items?.length === 0) {
    return (
      <EmptyState variant="call-to-action" message="No jobs yet">
        Jobs the network runs on this device appear here, with what each one earned.
      </EmptyState>
    );
  }
  return (
    <div data-testid={testIds.device.jobs}>
      <div className={styles.scroll}>
        <table className={cx(styles.table, styles.compact)}>
          <caption className={visuallyHidden}>Jobs on this device, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Status</th>
              <th scope="col">Job</th>
              <th scope="col">Started</th>
              <th scope="col">Ended</th>
              <th scope="col" className={styles.numeric}>
                Duration
              </th>
              <th scope="col" className={styles.numeric}>
                Earnings
              </th>
            </tr>
          </thead>
          <tbody>
            {items
              ? items.map((job) => <JobRow key={job.id} job={job} now={now} timeZone={timeZone} />)
              : [0, 1, 2].map((row) => (
                  <tr key={row}>
                    <td colSpan={6}>
                      <Skeleton />
                    </td>
                  </tr>
                ))}
          </tbody>
        </table>
      </div>
      <LoadMore list={jobs} noun="jobs" />
    </div>
  );
}

function JobRow({ job, now, timeZone }: { job: Job; now: number; timeZone: string }) {
  const styles = useStyles2(getTableStyles);
  const status = STATUS[job.status];
  const started = Date.parse(job.startedAt);
  const ended = job.endedAt ? Date.parse(job.endedAt) : undefined;
  const open = !isTerminalJobStatus(job.status);
  const seconds =
    ended !== undefined ? (ended - started) / 1000 : open ? (now - started) / 1000 : undefined;
  return (
    <tr>
      <td>
        <Badge
          color={status.color}
          text={status.label}
          icon={job.status === 'running' ? 'sync' : undefined}
        />
      </td>
      <td className={styles.muted} title={job.externalId}>
        {job.externalId.length > 24 ? `${job.externalId.slice(0, 24)}…` : job.externalId}
      </td>
      <td>{formatDateTime(job.startedAt, timeZone)}</td>
      <td>{job.endedAt ? formatDateTime(job.endedAt, timeZone) : open ? 'running' : '—'}</td>
      <td className={styles.numeric}>{formatDuration(seconds)}</td>
      <td className={styles.numeric}>{formatSol(job.earningsLamports)}</td>
    </tr>
  );
}
