import React, { Suspense, lazy } from 'react';
import { Route, Routes } from 'react-router-dom';
import type { AppRootProps } from '@grafana/data';
import { Alert, Button, LoadingPlaceholder, TextLink } from '@grafana/ui';
import { ApiProvider } from '../../api/ApiContext';
import { SessionProvider, useSession } from '../../api/SessionContext';
import { PLUGIN_ID, ROUTES } from '../../constants';
import type { AppSettings } from '../../types';
import { SignInPage } from '../../pages/SignIn/SignInPage';
import { VerifyEmailBanner } from '../VerifyEmailBanner/VerifyEmailBanner';

const HomePage = lazy(() => import('../../pages/Home/HomePage'));
const DeviceDetailsPage = lazy(() => import('../../pages/DeviceDetails/DeviceDetailsPage'));
const EarningsPage = lazy(() => import('../../pages/Earnings/EarningsPage'));
const AddDevicePage = lazy(() => import('../../pages/AddDevice/AddDevicePage'));
const ProfitabilityPage = lazy(() => import('../../pages/Profitability/ProfitabilityPage'));
const SettingsPage = lazy(() => import('../../pages/Settings/SettingsPage'));
const ForgotPasswordPage = lazy(() => import('../../pages/Account/ForgotPasswordPage'));
const ResetPasswordPage = lazy(() => import('../../pages/Account/ResetPasswordPage'));
const VerifyEmailPage = lazy(() => import('../../pages/Account/VerifyEmailPage'));
const ConfirmEmailPage = lazy(() => import('../../pages/Account/ConfirmEmailPage'));
const EndSessionPage = lazy(() => import('../../pages/Account/EndSessionPage'));

/** The app's root inside Grafana (and inside the browser harness). */
export default function App({ meta }: AppRootProps<AppSettings>) {
  const apiUrl = meta.jsonData?.apiUrl?.trim();
  if (!apiUrl) {
    return (
      <Alert severity="warning" title="IO Worker is not configured yet">
        An administrator has to set the IO Worker API URL on the{' '}
        <TextLink href={`/plugins/${PLUGIN_ID}`}>app&apos;s configuration page</TextLink>.
      </Alert>
    );
  }
  return (
    <ApiProvider baseUrl={apiUrl}>
      <SessionProvider>
        <Suspense fallback={<LoadingPlaceholder text="Loading…" />}>
          {/* Reachable with or without a session: mailed links open them in any browser. */}
          <Routes>
            <Route path={ROUTES.ForgotPassword} element={<ForgotPasswordPage />} />
            <Route path={ROUTES.ResetPassword} element={<ResetPasswordPage />} />
            <Route path={ROUTES.VerifyEmail} element={<VerifyEmailPage />} />
            <Route path={ROUTES.ConfirmEmail} element={<ConfirmEmailPage />} />
            <Route path={ROUTES.EndSession} element={<EndSessionPage />} />
            <Route path="*" element={<SessionGate />} />
          </Routes>
        </Suspense>
      </SessionProvider>
    </ApiProvider>
  );
}

function SessionGate() {
  const { state, refresh } = useSession();
  switch (state.status) {
    case 'loading':
      return <LoadingPlaceholder text="Connecting to IO Worker…" />;
    case 'signed-out':
      return <SignInPage notice={state.reason} />;
    case 'failed':
      return (
        <Alert severity="error" title="IO Worker is unavailable">
          <p>{state.error.message}</p>
          <Button variant="secondary" icon="sync" onClick={() => void refresh()}>
            Try again
          </Button>
        </Alert>
      );
    case 'signed-in':
      return <Pages />;
  }
}

function Pages() {
  return (
    <>
      <VerifyEmailBanner />
      <Suspense fallback={<LoadingPlaceholder text="Loading…" />}>
        <Routes>
          <Route path={`${ROUTES.Device}/:id`} element={<DeviceDetailsPage />} />
          <Route path={ROUTES.Earnings} element={<EarningsPage />} />
          <Route path={ROUTES.AddDevice} element={<AddDevicePage />} />
          <Route path={ROUTES.Profitability} element={<ProfitabilityPage />} />
          <Route path={ROUTES.Settings} element={<SettingsPage />} />
          <Route path="*" element={<HomePage />} />
        </Routes>
      </Suspense>
    </>
  );
}
