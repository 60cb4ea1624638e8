import React, { useEffect, useMemo, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, NavLink, Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import { css } from '@emotion/css';
import {
  AppPlugin,
  createTheme,
  type AppPluginMeta,
  type AppRootProps,
  type GrafanaTheme2,
} from '@grafana/data';
import { Button, GlobalStyles, PortalContainer, ThemeContext, useStyles2 } from '@grafana/ui';
import App from '../src/components/App/App';
import AppConfig from '../src/components/AppConfig/AppConfig';
import { PLUGIN_BASE_URL, PLUGIN_ID, ROUTES, prefixRoute } from '../src/constants';
import type { AppSettings } from '../src/types';

declare global {
  interface Window {
    /** Written into index.html by the harness server. */
    IOWORKER_HARNESS?: { apiUrl: string };
  }
}

type Mode = 'light' | 'dark';

const NAV = [
  { to: prefixRoute(ROUTES.Home), label: 'Devices', end: true },
  { to: prefixRoute(ROUTES.Earnings), label: 'Earnings' },
  { to: prefixRoute(ROUTES.AddDevice), label: 'Add device' },
  { to: prefixRoute(ROUTES.Profitability), label: 'Profitability' },
  { to: prefixRoute(ROUTES.Settings), label: 'Settings' },
];

/** The app's pages outside Grafana: the same routes under /a/ioworker-worker-app/. */
function Harness() {
  const [mode, setMode] = useState<Mode>(initialMode);
  const theme = useMemo(() => createTheme({ colors: { mode } }), [mode]);
  useEffect(() => localStorage.setItem('iow-theme', mode), [mode]);
  return (
    <ThemeContext.Provider value={theme}>
      <GlobalStyles />
      <BrowserRouter>
        <LinkInterceptor />
        <Shell mode={mode} onToggleMode={() => setMode(mode === 'dark' ? 'light' : 'dark')} />
      </BrowserRouter>
      <PortalContainer />
    </ThemeContext.Provider>
  );
}

function initialMode(): Mode {
  const requested = new URLSearchParams(window.location.search).get('theme');
  if (requested === 'light' || requested === 'dark') return requested;
  return localStorage.getItem('iow-theme') === 'light' ? 'light' : 'dark';
}

function Shell({ mode, onToggleMode }: { mode: Mode; onToggleMode: () => void }) {
  const styles = useStyles2(getStyles);
  const meta = useMemo(() => harnessMeta(window.IOWORKER_HARNESS?.apiUrl ?? ''), []);
  const rootProps = {
    meta,
    basename: PLUGIN_BASE_URL,
    query: {},
    path: PLUGIN_BASE_URL,
    onNavChanged: () => {},
  };
  return (
    <div className={styles.layout}>
      <header className={styles.header}>
        <strong className={styles.brand}>IO Worker</strong>
        <nav aria-label="Pages" className={styles.nav}>
          {NAV.map((item) => (
            <NavLink
              key={item.to}
              to={item.to}
              end={item.end}
              className={({ isActive }) => (isActive ? styles.active : styles.link)}
            >
              {item.label}
            </NavLink>
          ))}
        </nav>
        <Button variant="secondary" fill="text" size="sm" icon="palette" onClick={onToggleMode}>
          {mode === 'dark' ? 'Light theme' : 'Dark theme'}
        </Button>
      </header>
      <main className={styles.main}>
        <PageTitle />
        <Routes>
          <Route
            path={`${PLUGIN_BASE_URL}/*`}
            element={<App {...(rootProps as AppRootProps<AppSettings>)} />}
          />
          <Route
            path={CONFIG_PATH}
            element={<AppConfig plugin={configPlugin(meta)} query={{}} />}
          />
          <Route path="*" element={<RedirectHome />} />
        </Routes>
      </main>
    </div>
  );
}

/** Where Grafana shows an app's configuration page. Saving there needs Grafana's backend. */
const CONFIG_PATH = `/plugins/${PLUGIN_ID}`;

function configPlugin(meta: AppPluginMeta<AppSettings>): AppPlugin<AppSettings> {
  const plugin = new AppPlugin<AppSettings>();
  plugin.meta = meta;
  return plugin;
}

/** Grafana's page chrome shows the page's name as its heading; the harness does the same. */
function PageTitle() {
  const styles = useStyles2(getStyles);
  const { pathname } = useLocation();
  const page = pathname.slice(PLUGIN_BASE_URL.length + 1);
  const title = pathname.startsWith(CONFIG_PATH)
    ? 'IO Worker configuration'
    : ACCOUNT_PAGES.has(page)
      ? 'IO Worker'
      : pathname.startsWith(prefixRoute(ROUTES.Device))
        ? 'Device'
        : ([...NAV].reverse().find((item) => pathname.startsWith(item.to))?.label ?? 'IO Worker');
  return <h1 className={styles.title}>{title}</h1>;
}

function harnessMeta(apiUrl: string): AppPluginMeta<AppSettings> {
  return {
    id: PLUGIN_ID,
    name: 'IO Worker',
    type: 'app',
    enabled: true,
    jsonData: { apiUrl },
  } as AppPluginMeta<AppSettings>;
}

/**
 * The pages reachable without a session. Under `npm start` the API's APP_URL is the harness's
 * origin, so its mail links to /verify-email?token=… and the like: those go to the app's page.
 */
const ACCOUNT_PAGES = new Set<string>([
  ROUTES.ForgotPassword,
  ROUTES.ResetPassword,
  ROUTES.VerifyEmail,
  ROUTES.ConfirmEmail,
  ROUTES.EndSession,
]);

function RedirectHome() {
  const navigate = useNavigate();
  const { pathname, search } = useLocation();
  useEffect(() => {
    const mailed = ACCOUNT_PAGES.has(pathname.replace(/^\/+|\/+$/g, ''));
    navigate(mailed ? `${PLUGIN_BASE_URL}${pathname}${search}` : PLUGIN_BASE_URL, {
      replace: true,
    });
  }, [navigate, pathname, search]);
  return null;
}

/** Grafana turns clicks on same-origin links into client-side navigation; so does the harness. */
function LinkInterceptor() {
  const navigate = useNavigate();
  useEffect(() => {
    function onClick(event: MouseEvent) {
      if (event.defaultPrevented || event.button !== 0) return;
      if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      const anchor = (event.target as Element | null)?.closest?.('a');
      if (!anchor || anchor.target || anchor.hasAttribute('download')) return;
      const url = new URL(anchor.href, window.location.href);
      if (url.origin !== window.location.origin) return;
      event.preventDefault();
      navigate(`${url.pathname}${url.search}${url.hash}`);
    }
    document.addEventListener('click', onClick);
    return () => document.removeEventListener('click', onClick);
  }, [navigate]);
  return null;
}

const getStyles = (theme: GrafanaTheme2) => ({
  layout: css({ minHeight: '100vh', background: theme.colors.background.canvas }),
  // On a phone the pages' links make one row that scrolls sideways under the brand, so the
  // header stays two short lines instead of taking a third of the screen.
  header: css({
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(1, 3),
    padding: theme.spacing(1, 3),
    background: theme.colors.background.primary,
    borderBottom: `1px solid ${theme.colors.border.weak}`,
    [theme.breakpoints.down('sm')]: { padding: theme.spacing(1, 1.5), gap: theme.spacing(0.5, 2) },
  }),
  brand: css({ fontSize: theme.typography.h4.fontSize }),
  nav: css({
    display: 'flex',
    gap: theme.spacing(2),
    flex: 1,
    flexWrap: 'wrap',
    [theme.breakpoints.down('sm')]: {
      order: 1,
      flexBasis: '100%',
      flexWrap: 'nowrap',
      overflowX: 'auto',
      whiteSpace: 'nowrap',
    },
  }),
  link: css({
    color: theme.colors.text.secondary,
    '&:hover': { color: theme.colors.text.primary },
  }),
  active: css({
    color: theme.colors.text.primary,
    fontWeight: theme.typography.fontWeightMedium,
    borderBottom: `2px solid ${theme.colors.primary.main}`,
  }),
  title: css({ marginBottom: theme.spacing(2) }),
  main: css({
    padding: theme.spacing(3),
    maxWidth: 1600,
    margin: '0 auto',
    [theme.breakpoints.down('sm')]: { padding: theme.spacing(2, 1.5) },
  }),
});

const root = document.getElementById('root');
if (root) createRoot(root).render(<Harness />);
