import React, { useState, type FormEvent } from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Button, ClipboardButton, Stack, useStyles2 } from '@grafana/ui';
import { unwrap, type ApiClient } from '../../../api/client';
import { useAction } from '../../../api/hooks';
import { ApiErrorAlert } from '../../../components/ApiErrorAlert/ApiErrorAlert';
import { TextField } from '../../../components/TextField/TextField';
import { useFocusOnMount } from '../../../hooks/useFocusOnMount';
import { testIds } from '../../../testIds';
import { focusFirstInvalid } from '../../../utils/forms';
import {
  codeDigits,
  secondFactorFormErrors,
  secondFactorProblem,
} from '../../../utils/second-factor';
import { TotpQrCode } from './TotpQrCode';

export interface TotpKey {
  secret: string;
  otpauthUrl: string;
}

const confirmTotp = (client: ApiClient, code: string) =>
  unwrap(client.v1.me['2fa'].totp.confirm.$post({ json: { code } }));

interface Props {
  totpKey: TotpKey;
  onConfirmed: (recoveryCodes: string[]) => void;
  onCancel: () => void;
}

/** Scan the key (or type it), then prove it with a first code: only that turns TOTP on. */
export function TotpSetup({ totpKey, onConfirmed, onCancel }: Props) {
  const styles = useStyles2(getStyles);
  const [code, setCode] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const { run, pending, error, clearError } = useAction(confirmTotp);
  const ref = useFocusOnMount<HTMLDivElement>();

  const factor = { kind: 'code', value: code } as const;
  const api = secondFactorFormErrors(error, []);
  const codeError = (submitted ? secondFactorProblem(factor) : undefined) ?? api.secondFactor;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    setSubmitted(true);
    if (secondFactorProblem(factor)) return focusFirstInvalid(form);
    const confirmed = await run(codeDigits(code));
    if (confirmed) onConfirmed(confirmed.recoveryCodes);
    else focusFirstInvalid(form);
  }

  return (
    <div ref={ref} tabIndex={-1} className={styles.layout}>
      <TotpQrCode url={totpKey.otpauthUrl} />
      <form
        onSubmit={submit}
        noValidate
        className={styles.steps}
        aria-label="Set up an authenticator app"
      >
        <ol className={styles.list}>
          <li>
            Scan the QR code with an authenticator app (such as Google Authenticator, Microsoft
            Authenticator, 1Password or Aegis).
          </li>
          <li>
            Cannot scan it? Enter this key in the app instead:
            <Stack alignItems="center" gap={1} wrap="wrap">
              <code className={styles.secret} data-testid={testIds.settings.totpSecret}>
                {totpKey.secret.replace(/(.{4})(?=.)/g, '$1 ')}
              </code>
              <ClipboardButton
                size="sm"
                variant="secondary"
                icon="copy"
                getText={() => totpKey.secret}
              >
                Copy key
              </ClipboardButton>
            </Stack>
          </li>
          <li>Type the 6-digit code the app shows now.</li>
        </ol>
        <TextField
          id="settings-totp-first-code"
          label="Code from the app"
          value={code}
          error={codeError}
          autoComplete="one-time-code"
          inputMode="numeric"
          width={20}
          onValueChange={(value) => {
            setCode(value);
            clearError();
          }}
        />
        {api.other && <ApiErrorAlert error={api.other} title="Could not turn it on" />}
        <Stack gap={1}>
          <Button type="submit" disabled={pending} icon={pending ? 'spinner' : 'check'}>
            Turn on
          </Button>
          <Button type="button" variant="secondary" onClick={onCancel}>
            Cancel
          </Button>
        </Stack>
      </form>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  layout: css({
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(3),
    alignItems: 'flex-start',
  }),
  steps: css({ flex: '1 1 280px', minWidth: 0 }),
  list: css({
    paddingLeft: theme.spacing(2.5),
    marginBottom: theme.spacing(2),
    li: { marginBottom: theme.spacing(1) },
  }),
  secret: css({
    fontFamily: theme.typography.fontFamilyMonospace,
    overflowWrap: 'anywhere',
    padding: theme.spacing(0.5, 1),
  }),
});
