import React, { useRef, useState } from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Button, Stack, useStyles2 } from '@grafana/ui';
import { unwrap, type ApiClient } from '../../api/client';
import { useAction } from '../../api/hooks';
import type { SecondFactor, SecondFactorMethods } from '../../utils/second-factor';
import { passkeysSupported, signWithPasskey } from '../../utils/webauthn';
import { TextField } from '../TextField/TextField';
import { PasskeyFactor } from './PasskeyFactor';

interface Props {
  /** Links the label to the input. */
  id: string;
  factor: SecondFactor;
  onChange: (factor: SecondFactor) => void;
  /** Shown below the input, which is then marked invalid. */
  error: string | undefined;
  autoFocus?: boolean;
  /**
   * What the signed-in account has. Without it (the sign-in step, before a session) only the
   * app's code and the recovery codes are offered.
   */
  methods?: SecondFactorMethods;
}

const CODES_ONLY: SecondFactorMethods = { totp: true, passkey: false };

const passkeyAssertion = async (client: ApiClient) =>
  signWithPasskey(await unwrap(client.v1.me.passkeys['assertion-options'].$post()));

/**
 * The code from the authenticator app, with a switch to a recovery code (for a lost phone) and,
 * where the account has one, to a passkey.
 *
 * @example
 * <SecondFactorField id="wallet-code" factor={factor} onChange={setFactor} error={codeError}
 *   methods={methods} />
 */
export function SecondFactorField({ methods = CODES_ONLY, ...props }: Props) {
  const { id, factor, onChange, error, autoFocus } = props;
  const styles = useStyles2(getStyles);
  const input = useRef<HTMLInputElement>(null);
  // After a switch the focus follows the user to what the field now asks for.
  const [switched, setSwitched] = useState(false);
  const signing = useAction(passkeyAssertion);
  const offerPasskey = methods.passkey && passkeysSupported() && factor.kind !== 'passkey';

  function switchTo(kind: 'code' | 'recoveryCode') {
    setSwitched(true);
    onChange({ kind, value: '' });
    input.current?.focus();
  }

  // Signs in the same click that asked for it: browsers open their dialog on a user's action.
  async function signWithAPasskey() {
    setSwitched(true);
    onChange({ kind: 'passkey', assertion: undefined });
    const assertion = await signing.run();
    if (assertion) onChange({ kind: 'passkey', assertion });
  }

  return (
    <div className={styles.wrapper}>
      {factor.kind === 'passkey' ? (
        <PasskeyFactor
          id={id}
          signed={factor.assertion !== undefined}
          signing={signing.pending}
          onSign={signWithAPasskey}
          error={signing.error?.message ?? error}
          autoFocus={autoFocus || switched}
        />
      ) : (
        <TextField
          ref={input}
          id={id}
          label={factor.kind === 'code' ? 'Code from your authenticator app' : 'Recovery code'}
          description={
            factor.kind === 'code'
              ? 'The 6 digits it shows for IO Worker now.'
              : 'One of the codes you saved when you turned on two-factor authentication; each works once.'
          }
          error={error}
          value={factor.value}
          onValueChange={(value) => onChange({ ...factor, value })}
          autoComplete={factor.kind === 'code' ? 'one-time-code' : 'off'}
          inputMode={factor.kind === 'code' ? 'numeric' : 'text'}
          spellCheck={false}
          autoFocus={autoFocus || switched}
          width={factor.kind === 'code' ? 20 : 30}
          className={styles.mono}
        />
      )}
      <Stack gap={1} wrap="wrap">
        {factor.kind === 'code' && (
          <Button {...SWITCH} onClick={() => switchTo('recoveryCode')}>
            Use a recovery code instead
          </Button>
        )}
        {factor.kind !== 'code' && methods.totp && (
          <Button {...SWITCH} onClick={() => switchTo('code')}>
            Use a code from the app instead
          </Button>
        )}
        {offerPasskey && (
          <Button {...SWITCH} onClick={signWithAPasskey}>
            Use a passkey instead
          </Button>
        )}
      </Stack>
    </div>
  );
}

const SWITCH = { type: 'button', variant: 'secondary', fill: 'text', size: 'sm' } as const;

const getStyles = (theme: GrafanaTheme2) => ({
  wrapper: css({ marginBottom: theme.spacing(2) }),
  mono: css({ input: { fontFamily: theme.typography.fontFamilyMonospace } }),
});
