import React, { useMemo } from 'react';
import { EmptyState, LinkButton, Text } from '@grafana/ui';
import Skeleton from 'react-loading-skeleton';
import { useApi } from '../../api/ApiContext';
import type { Device } from '../../api/client';
import { useMe } from '../../api/SessionContext';
import { ApiErrorAlert } from '../../components/ApiErrorAlert/ApiErrorAlert';
import { LoadMore } from '../../components/LoadMore/LoadMore';
import { Section } from '../../components/Section/Section';
import { testIds } from '../../testIds';
import { isFiltered, type HistoryFilters } from './history-filters';
import { HistoryFiltersBar } from './HistoryFilters';
import { HistoryTable } from './HistoryTable';
import type { HistoryState } from './use-history';

interface Props {
  filters: HistoryFilters;
  onFiltersChange: (filters: HistoryFilters) => void;
  history: HistoryState;
  devices: Device[] | undefined;
}

/** The ledger with its filters, paging and CSV export. */
export function HistorySection({ filters, onFiltersChange, history, devices }: Props) {
  const { settings } = useMe();
  return (
    <Section
      title="History"
      description="Every credit and debit of your balance, newest first."
      actions={<DownloadCsv query={history.query} />}
      testId={testIds.earnings.history}
    >
      <HistoryFiltersBar
        value={filters}
        onChange={onFiltersChange}
        devices={devices}
        timeZone={settings.timezone}
      />
      <HistoryBody history={history} devices={devices} filtered={isFiltered(filters)} />
    </Section>
  );
}

function DownloadCsv({ query }: { query: HistoryState['query'] }) {
  const { client } = useApi();
  const href = client.v1.earnings['history.csv']
    .$url({ query: { deviceId: query.deviceId, from: query.from, to: query.to } })
    .toString();
  return (
    <LinkButton
      href={href}
      download="io-worker-earnings.csv"
      variant="secondary"
      icon="download-alt"
      data-testid={testIds.earnings.downloadCsv}
    >
      Download CSV
    </LinkButton>
  );
}

function HistoryBody({
  history,
  devices,
  filtered,
}: {
  history: HistoryState;
  devices: Device[] | undefined;
  filtered: boolean;
}) {
  const deviceNames = useMemo(
    () => new Map((devices ?? []).map((device) => [device.id, device.name])),
    [devices],
  );
  const { page, error, loading, reload } = history;
  if (error && !page) {
    return (
      <ApiErrorAlert error={error} title="Could not load your earnings history" onRetry={reload} />
    );
  }
  if (!page || (loading && page.items.length === 0)) return <Skeleton height={36} count={5} />;
  if (page.items.length === 0) {
    return filtered ? (
      <EmptyState variant="not-found" hideImage message="No entries match these filters" />
    ) : (
      <EmptyState
        variant="call-to-action"
        message="No earnings yet — your devices earn when they run jobs"
      />
    );
  }
  return (
    <>
      <HistoryTable entries={page.items} deviceNames={deviceNames} />
      <LoadMore
        list={history}
        noun="entries"
        label="Load more"
        status={
          <Text variant="bodySmall" color="secondary">
            {`Showing ${page.items.length} ${page.items.length === 1 ? 'entry' : 'entries'}${page.nextCursor ? '' : ' (all)'}`}
          </Text>
        }
      />
    </>
  );
}
