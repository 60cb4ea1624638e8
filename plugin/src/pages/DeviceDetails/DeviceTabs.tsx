import React from 'react';
import { useSearchParams } from 'react-router-dom';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Tab, TabContent, TabsBar, useStyles2, type IconName } from '@grafana/ui';
import { EarningsUtilisation } from './EarningsUtilisation';
import { HealthTab } from './HealthTab';
import { JobsTab, type useDeviceJobs } from './JobsTab';
import { MetricsCharts } from './MetricsCharts';
import { NotificationsTab, type useDeviceNotifications } from './NotificationsTab';
import { ServicesTab } from './ServicesTab';
import type { ChartRange } from './time-range';
import type { useDeviceMetrics } from './useDeviceMetrics';

type TabId = 'charts' | 'health' | 'services' | 'jobs' | 'notifications';

const TABS: ReadonlyArray<{ id: TabId; label: string; icon: IconName }> = [
  { id: 'charts', label: 'Charts', icon: 'graph-bar' },
  { id: 'health', label: 'Health', icon: 'heart-rate' },
  { id: 'services', label: 'Services', icon: 'apps' },
  { id: 'jobs', label: 'Jobs', icon: 'list-ul' },
  { id: 'notifications', label: 'Notifications', icon: 'bell' },
];

interface Props {
  deviceId: string;
  metrics: ReturnType<typeof useDeviceMetrics>;
  range: ChartRange;
  onRangeChange: (range: ChartRange) => void;
  jobs: ReturnType<typeof useDeviceJobs>;
  notifications: ReturnType<typeof useDeviceNotifications>;
  timeZone: string;
}

/** Charts, health, jobs and notifications; the open tab is in the URL (`?tab=jobs`) for sharing. */
export function DeviceTabs({
  deviceId,
  metrics,
  range,
  onRangeChange,
  jobs,
  notifications,
  timeZone,
}: Props) {
  const styles = useStyles2(getStyles);
  const [params, setParams] = useSearchParams();
  const requested = params.get('tab');
  const current = TABS.find((tab) => tab.id === requested)?.id ?? 'charts';
  const select = (tab: TabId) =>
    setParams(
      (previous) => {
        const next = new URLSearchParams(previous);
        if (tab === 'charts') next.delete('tab');
        else next.set('tab', tab);
        return next;
      },
      { replace: true },
    );
  return (
    <div>
      <TabsBar>
        {TABS.map((tab) => (
          <Tab
            key={tab.id}
            id={`device-tab-${tab.id}`}
            aria-controls={`device-tabpanel-${tab.id}`}
            label={tab.label}
            icon={tab.icon}
            active={tab.id === current}
            onChangeTab={() => select(tab.id)}
          />
        ))}
      </TabsBar>
      <TabContent
        id={`device-tabpanel-${current}`}
        role="tabpanel"
        aria-labelledby={`device-tab-${current}`}
        className={styles.content}
      >
        {current === 'charts' && (
          <MetricsCharts
            metrics={metrics}
            range={range}
            onRangeChange={onRangeChange}
            timeZone={timeZone}
          />
        )}
        {current === 'charts' && <EarningsUtilisation deviceId={deviceId} timeZone={timeZone} />}
        {current === 'health' && <HealthTab deviceId={deviceId} timeZone={timeZone} />}
        {current === 'services' && <ServicesTab deviceId={deviceId} timeZone={timeZone} />}
        {current === 'jobs' && <JobsTab jobs={jobs} timeZone={timeZone} />}
        {current === 'notifications' && (
          <NotificationsTab notifications={notifications} timeZone={timeZone} />
        )}
      </TabContent>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  content: css({ paddingTop: theme.spacing(2) }),
});
