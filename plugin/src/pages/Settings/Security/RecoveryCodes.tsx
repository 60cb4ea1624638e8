import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Alert, Button, ClipboardButton, Stack, useStyles2 } from '@grafana/ui';
import { useFocusOnMount } from '../../../hooks/useFocusOnMount';
import { testIds } from '../../../testIds';

interface Props {
  codes: string[];
  onDone: () => void;
}

/** The recovery codes, shown this once: the API keeps only their hashes. */
export function RecoveryCodes({ codes, onDone }: Props) {
  const styles = useStyles2(getStyles);
  const text = codes.join('\n') + '\n';
  const ref = useFocusOnMount<HTMLDivElement>();

  return (
    <div ref={ref} tabIndex={-1} data-testid={testIds.settings.recoveryCodes}>
      <Alert severity="warning" title="Save these recovery codes now">
        They are shown only this once. Each one signs you in once in place of a code, if you lose
        the phone with your authenticator app. Keep them somewhere safe, away from the phone.
      </Alert>
      <ul className={styles.codes} aria-label="Recovery codes">
        {codes.map((code) => (
          <li key={code}>{code}</li>
        ))}
      </ul>
      <Stack gap={1} wrap="wrap">
        <ClipboardButton variant="secondary" icon="copy" getText={() => text}>
          Copy the codes
        </ClipboardButton>
        <Button variant="secondary" icon="download-alt" onClick={() => downloadText(text)}>
          Download
        </Button>
        <Button onClick={onDone}>I have saved them</Button>
      </Stack>
    </div>
  );
}

/**
 * Saves `text` as a file. The link is never in the page: Grafana would take a click on it for
 * navigation within the app.
 */
function downloadText(text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = 'io-worker-recovery-codes.txt';
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

const getStyles = (theme: GrafanaTheme2) => ({
  codes: css({
    display: 'grid',
    gridTemplateColumns: 'repeat(2, max-content)',
    gap: theme.spacing(0.5, 4),
    listStyle: 'none',
    padding: theme.spacing(2),
    margin: theme.spacing(2, 0),
    fontFamily: theme.typography.fontFamilyMonospace,
    fontSize: theme.typography.h5.fontSize,
    background: theme.colors.background.secondary,
    borderRadius: theme.shape.radius.default,
  }),
});
