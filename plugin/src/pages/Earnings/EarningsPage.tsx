import React, { useState } from 'react';
import { PluginPage } from '@grafana/runtime';
import { unwrap } from '../../api/client';
import { useLiveEvent, useRequest } from '../../api/hooks';
import { useMe } from '../../api/SessionContext';
import { EarningsChart } from './EarningsChart';
import { EarningsSummary } from './EarningsSummary';
import { NO_FILTERS, type HistoryFilters } from './history-filters';
import { HistorySection } from './HistorySection';
import { PayoutsSection } from './PayoutsSection';
import { StatementSection } from './StatementSection';
import { useDebounced } from './use-debounced';
import { useHistory } from './use-history';
import { WalletCard } from './WalletCard';

/** Live updates wait this long so that a burst of events reloads once. */
const LIVE_RELOAD_MS = 1000;

/** Balance, earnings per day, payout wallet, payouts and the ledger: the account's statement. */
export default function EarningsPage() {
  const { settings } = useMe();
  const summary = useRequest(
    (client, signal) => unwrap(client.v1.earnings.summary.$get(undefined, { init: { signal } })),
    [],
  );
  const wallet = useRequest(
    (client, signal) => unwrap(client.v1.wallet.$get(undefined, { init: { signal } })),
    [],
  );
  const devices = useRequest(
    (client, signal) => unwrap(client.v1.devices.$get(undefined, { init: { signal } })),
    [],
  );
  const [filters, setFilters] = useState<HistoryFilters>(NO_FILTERS);
  const history = useHistory(filters, settings.timezone);

  const [ledgerVersion, setLedgerVersion] = useState(0);
  const reloadSummary = summary.reload;
  const refreshHistory = history.refresh;
  const onLedgerChange = useDebounced(() => {
    reloadSummary();
    void refreshHistory();
    setLedgerVersion((version) => version + 1);
  }, LIVE_RELOAD_MS);
  useLiveEvent('earning', onLedgerChange);
  useLiveEvent('job', onLedgerChange);

  return (
    <PluginPage>
      <EarningsSummary summary={summary} />
      <EarningsChart devices={devices.data?.devices} version={ledgerVersion} />
      <WalletCard wallet={wallet} />
      <PayoutsSection onPoll={reloadSummary} />
      <StatementSection />
      <HistorySection
        filters={filters}
        onFiltersChange={setFilters}
        history={history}
        devices={devices.data?.devices}
      />
    </PluginPage>
  );
}
