import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Alert, Button, ClipboardButton, Stack, useStyles2 } from '@grafana/ui';
import { useFocusOnMount } from '../../../hooks/useFocusOnMount';
import { testIds } from '../../../testIds';

interface Props {
  name: string;
  token: string;
  onDone: () => void;
}

/** A new API token's secret, shown this once: the API keeps only its hash. */
export function CreatedToken({ name, token, onDone }: Props) {
  const styles = useStyles2(getStyles);
  const ref = useFocusOnMount<HTMLDivElement>();
  return (
    <div ref={ref} tabIndex={-1} data-testid={testIds.settings.createdToken}>
      <Alert severity="warning" title="Copy the token now">
        You will not see it again: only its last four characters are kept. Programs send it as{' '}
        <code>Authorization: Bearer …</code>. Revoke “{name}” here if it leaks.
      </Alert>
      <code className={styles.token}>{token}</code>
      <Stack gap={1} wrap="wrap">
        <ClipboardButton variant="secondary" icon="copy" getText={() => token}>
          Copy the token
        </ClipboardButton>
        <Button onClick={onDone}>I have copied it</Button>
      </Stack>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  token: css({
    display: 'block',
    padding: theme.spacing(2),
    margin: theme.spacing(2, 0),
    fontFamily: theme.typography.fontFamilyMonospace,
    fontSize: theme.typography.h5.fontSize,
    overflowWrap: 'anywhere',
    background: theme.colors.background.secondary,
    border: 'none',
    borderRadius: theme.shape.radius.default,
  }),
});
