import React, { useState } from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { PluginPage } from '@grafana/runtime';
import { useStyles2 } from '@grafana/ui';
import { unwrap } from '../../api/client';
import { useRequest } from '../../api/hooks';
import { AccountSection } from './AccountSection';
import { NotificationsSection } from './NotificationsSection';
import { PasswordSection } from './PasswordSection';
import { PreferencesSection } from './PreferencesSection';
import { SecuritySection } from './Security/SecuritySection';
import { SessionsSection } from './SessionsSection';
import { WalletSection } from './WalletSection';

/** Account, preferences, payout wallet, security and notifications. */
export default function SettingsPage() {
  const styles = useStyles2(getStyles);
  // A password change ends the other sessions: the list has to be loaded again.
  const [sessionsVersion, setSessionsVersion] = useState(0);
  // Whether two-factor is on decides what the wallet form asks for, too.
  const twoFactor = useRequest((client) => unwrap(client.v1.me['2fa'].$get()), []);
  return (
    <PluginPage subTitle="Your account, preferences, payout wallet and security.">
      <div className={styles.page}>
        <AccountSection />
        <div className={styles.grid}>
          <PreferencesSection />
          <WalletSection twoFactorOn={twoFactor.data?.totp ?? false} />
          <PasswordSection onChanged={() => setSessionsVersion((version) => version + 1)} />
          <SessionsSection version={sessionsVersion} />
          <SecuritySection twoFactor={twoFactor} />
          <NotificationsSection />
        </div>
      </div>
    </PluginPage>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  page: css({ display: 'grid', gap: theme.spacing(2), maxWidth: 1280 }),
  grid: css({
    display: 'grid',
    gap: theme.spacing(2),
    alignItems: 'start',
    gridTemplateColumns: 'minmax(0, 1fr)',
    [theme.breakpoints.up('xl')]: { gridTemplateColumns: 'repeat(2, minmax(0, 1fr))' },
  }),
});
