import React, { useState, type FormEvent } from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Alert, Button, Field, Input, Tab, TabsBar, Text, TextLink, useStyles2 } from '@grafana/ui';
import { useApi } from '../../api/ApiContext';
import { unwrap } from '../../api/client';
import { toApiError, type ApiRequestError } from '../../api/errors';
import { useSession } from '../../api/SessionContext';
import { prefixRoute, ROUTES } from '../../constants';
import { framedBox } from '../../styles/boxes';
import { PASSWORD_MIN_LENGTH } from '@ioworker/contract';
import { testIds } from '../../testIds';
import { newPasswordAdvice } from '../../utils/passwords';
import { PasskeySignIn } from './PasskeySignIn';
import { SecondStepForm } from './SecondStepForm';

type Mode = 'sign-in' | 'register';

/** Shown instead of every page while there is no session. */
export function SignInPage({ notice }: { notice?: string }) {
  const styles = useStyles2(getStyles);
  const { client } = useApi();
  const { refresh } = useSession();
  const [mode, setMode] = useState<Mode>('sign-in');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiRequestError | undefined>();
  const [mfaToken, setMfaToken] = useState<string>();

  const advice =
    mode === 'register' && password.length > 0
      ? newPasswordAdvice(password, email.trim())
      : undefined;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (advice) return;
    setPending(true);
    setError(undefined);
    try {
      const json = { email: email.trim(), password };
      if (mode === 'register') await unwrap(client.v1.auth.register.$post({ json }));
      else {
        const answer = await unwrap(client.v1.auth.login.$post({ json }));
        if ('mfaRequired' in answer) {
          setMfaToken(answer.mfaToken);
          setPending(false);
          return;
        }
      }
      await refresh();
    } catch (caught) {
      setError(toApiError(caught));
      setPending(false);
    }
  }

  if (mfaToken) {
    return (
      <main className={styles.wrapper}>
        <div className={styles.card}>
          <h1 className={styles.title}>IO Worker</h1>
          <SecondStepForm mfaToken={mfaToken} onRestart={() => setMfaToken(undefined)} />
        </div>
      </main>
    );
  }

  return (
    <main className={styles.wrapper}>
      <div className={styles.card}>
        <h1 className={styles.title}>IO Worker</h1>
        <Text color="secondary">Your GPUs, their jobs and your SOL earnings, live.</Text>
        <TabsBar className={styles.tabs}>
          <Tab label="Sign in" active={mode === 'sign-in'} onChangeTab={() => setMode('sign-in')} />
          <Tab
            label="Create account"
            active={mode === 'register'}
            onChangeTab={() => setMode('register')}
          />
        </TabsBar>
        {notice && !error && <Alert severity="info" title={notice} />}
        <form
          onSubmit={submit}
          data-testid={testIds.signIn.form}
          aria-label={mode === 'register' ? 'Create account' : 'Sign in'}
        >
          <Field label="Email" required>
            <Input
              id="sign-in-email"
              type="email"
              autoComplete="email"
              value={email}
              onChange={(e) => setEmail(e.currentTarget.value)}
              required
            />
          </Field>
          <Field
            label="Password"
            required
            description={
              mode === 'register' ? `At least ${PASSWORD_MIN_LENGTH} characters.` : undefined
            }
            invalid={advice !== undefined}
            error={advice}
          >
            <Input
              id="sign-in-password"
              type="password"
              autoComplete={mode === 'register' ? 'new-password' : 'current-password'}
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
              required
            />
          </Field>
          {error && (
            <Alert
              severity="error"
              title={mode === 'register' ? 'Could not create the account' : 'Could not sign in'}
            >
              {error.message}
              {error.retryAfterSeconds !== undefined &&
                ` Try again in ${error.retryAfterSeconds} s.`}
            </Alert>
          )}
          <Button
            type="submit"
            fullWidth
            disabled={pending || advice !== undefined}
            icon={pending ? 'spinner' : undefined}
          >
            {mode === 'register' ? 'Create account' : 'Sign in'}
          </Button>
          {mode === 'sign-in' && (
            <p className={styles.forgot}>
              <TextLink href={prefixRoute(ROUTES.ForgotPassword)} variant="bodySmall">
                Forgot your password?
              </TextLink>
            </p>
          )}
        </form>
        {mode === 'sign-in' && (
          <div className={styles.passkey}>
            <PasskeySignIn label="Sign in with a passkey" />
          </div>
        )}
      </div>
    </main>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  wrapper: css({ display: 'flex', justifyContent: 'center', padding: theme.spacing(6, 2) }),
  card: css({
    width: '100%',
    maxWidth: 420,
    padding: theme.spacing(4),
    ...framedBox(theme),
    boxShadow: theme.shadows.z2,
  }),
  title: css({ marginBottom: theme.spacing(0.5) }),
  tabs: css({ margin: theme.spacing(3, 0, 2) }),
  forgot: css({ margin: theme.spacing(2, 0, 0), textAlign: 'center' }),
  passkey: css({
    marginTop: theme.spacing(2),
    paddingTop: theme.spacing(2),
    borderTop: `1px solid ${theme.colors.border.weak}`,
  }),
});
