import React, { useId } from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Button, FieldValidationMessage, Icon, Text, useStyles2 } from '@grafana/ui';
import { passkeysSupported } from '../../utils/webauthn';

interface Props {
  /** The button's id, so that the form's field id still names something focusable. */
  id: string;
  /** A passkey has signed; the form sends its signature. */
  signed: boolean;
  signing: boolean;
  onSign: () => void;
  error: string | undefined;
  autoFocus?: boolean;
}

/** The second factor as a passkey: the browser's dialog signs a challenge from the API. */
export function PasskeyFactor({ id, signed, signing, onSign, error, autoFocus }: Props) {
  const styles = useStyles2(getStyles);
  const labelId = useId();
  const statusId = useId();
  const errorId = useId();
  const supported = passkeysSupported();
  // A signature the API refused is spent: the status must not call it confirmed.
  const confirmed = signed && !error;

  function status() {
    if (!supported) return 'This browser cannot use passkeys: use another one, or a code.';
    if (confirmed) {
      return (
        <>
          <Icon name="check-circle" className={styles.ok} /> Confirmed: your passkey signs this
          change when you submit.
        </>
      );
    }
    return 'Your browser asks for one of your passkeys: a fingerprint, your face, a PIN or a security key.';
  }

  return (
    <div role="group" aria-labelledby={labelId} className={styles.group}>
      <Text element="span" weight="medium" id={labelId}>
        Passkey
      </Text>
      <p id={statusId} className={styles.status} aria-live="polite">
        <Text variant="bodySmall" color="secondary">
          {status()}
        </Text>
      </p>
      {supported && (
        <Button
          id={id}
          type="button"
          variant="secondary"
          icon={signing ? 'spinner' : 'key-skeleton-alt'}
          disabled={signing}
          autoFocus={autoFocus}
          aria-describedby={error ? `${statusId} ${errorId}` : statusId}
          onClick={onSign}
        >
          {signing
            ? 'Waiting for your passkey…'
            : signed
              ? 'Confirm again'
              : 'Confirm with a passkey'}
        </Button>
      )}
      {error && (
        <div id={errorId} className={styles.error}>
          <FieldValidationMessage>{error}</FieldValidationMessage>
        </div>
      )}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  group: css({ marginBottom: theme.spacing(1) }),
  status: css({ margin: theme.spacing(0.25, 0, 1) }),
  ok: css({ color: theme.colors.success.text }),
  error: css({ marginTop: theme.spacing(0.5) }),
});
