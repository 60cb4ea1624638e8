import React, { useRef } from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Button, useStyles2 } from '@grafana/ui';
import type { SecondFactor } from '../../utils/second-factor';
import { TextField } from '../TextField/TextField';

interface Props {
  /** Links the label to the input. */
  id: string;
  factor: SecondFactor;
  onChange: (factor: SecondFactor) => void;
  /** Shown below the input, which is then marked invalid. */
  error: string | undefined;
  autoFocus?: boolean;
}

/**
 * The code from the authenticator app, with a switch to a recovery code (for a lost phone).
 *
 * @example
 * <SecondFactorField id="wallet-code" factor={factor} onChange={setFactor} error={codeError} />
 */
export function SecondFactorField({ id, factor, onChange, error, autoFocus }: Props) {
  const styles = useStyles2(getStyles);
  const input = useRef<HTMLInputElement>(null);
  const isCode = factor.kind === 'code';

  function switchKind() {
    onChange({ kind: isCode ? 'recoveryCode' : 'code', value: '' });
    // The same input stays: the focus follows the user to what it now asks for.
    input.current?.focus();
  }

  return (
    <div className={styles.wrapper}>
      <TextField
        ref={input}
        id={id}
        label={isCode ? 'Code from your authenticator app' : 'Recovery code'}
        description={
          isCode
            ? 'The 6 digits it shows for IO Worker now.'
            : 'One of the codes you saved when you turned on two-factor authentication; each works once.'
        }
        error={error}
        value={factor.value}
        onValueChange={(value) => onChange({ ...factor, value })}
        autoComplete={isCode ? 'one-time-code' : 'off'}
        inputMode={isCode ? 'numeric' : 'text'}
        spellCheck={false}
        autoFocus={autoFocus}
        width={isCode ? 20 : 30}
        className={styles.mono}
      />
      <Button type="button" variant="secondary" fill="text" size="sm" onClick={switchKind}>
        {isCode ? 'Use a recovery code instead' : 'Use a code from the app instead'}
      </Button>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  wrapper: css({ marginBottom: theme.spacing(2) }),
  mono: css({ input: { fontFamily: theme.typography.fontFamilyMonospace } }),
});
