import React, { useState } from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { PluginPage } from '@grafana/runtime';
import { useStyles2 } from '@grafana/ui';
import { unwrap } from '../../api/client';
import { useRequest } from '../../api/hooks';
import { AccountSection } from './AccountSection';
import { FleetTokensSection } from './FleetTokens/FleetTokensSection';
import { NotificationsSection } from './NotificationsSection';
import { PasswordSection } from './PasswordSection';
import { PreferencesSection } from './PreferencesSection';
import { SecuritySection } from './Security/SecuritySection';
import { SessionsSection } from './SessionsSection';
import { WalletSection } from './WalletSection';

/** Account, preferences, payout wallet, security, fleet tokens and notifications. */
export default function SettingsPage() {
  const styles = useStyles2(getStyles);
  // A password change ends the other sessions: the list has to be loaded again.
  const [sessionsVersion, setSessionsVersion] = useState(0);
  // The account's second factors decide what the wallet and security forms ask for.
  const twoFactor = useRequest((client) => unwrap(client.v1.me['2fa'].$get()), []);
  const passkeys = useRequest((client) => unwrap(client.v1.me.passkeys.$get()), []);
  const methods = {
    totp: twoFactor.data?.totp ?? false,
    passkey: (passkeys.data?.passkeys.length ?? 0) > 0,
  };
  return (
    <PluginPage subTitle="Your account, preferences, payout wallet and security.">
      <div className={styles.page}>
        <AccountSection />
        <div className={styles.grid}>
          <PreferencesSection />
          <WalletSection methods={methods} />
          <PasswordSection onChanged={() => setSessionsVersion((version) => version + 1)} />
          <SessionsSection version={sessionsVersion} />
          <SecuritySection twoFactor={twoFactor} passkeys={passkeys} methods={methods} />
          <FleetTokensSection />
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
