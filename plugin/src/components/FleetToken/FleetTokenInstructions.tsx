import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Alert, ClipboardButton, Text, useStyles2 } from '@grafana/ui';
import { useFocusOnMount } from '../../hooks/useFocusOnMount';
import { testIds } from '../../testIds';
import { kubernetesCommands, type CreatedFleetToken } from './fleet-token';

/**
 * A new fleet token, shown this once (the API keeps only its hash), with the command each
 * machine runs and what to apply on a Kubernetes cluster.
 */
export function FleetTokenInstructions({ created }: { created: CreatedFleetToken }) {
  const styles = useStyles2(getStyles);
  const ref = useFocusOnMount<HTMLDivElement>();
  const kubernetes = kubernetesCommands(created.token);
  return (
    <div ref={ref} tabIndex={-1} data-testid={testIds.fleetToken.created}>
      <Alert severity="warning" title="Copy the fleet token now">
        You will not see it again: only its last four characters are kept. Up to{' '}
        {created.maxDevices} machines can enrol with “{created.name}” until it expires; revoke it in
        Settings if it leaks.
      </Alert>
      <CopyBlock label="Fleet token" text={created.token} testId={testIds.fleetToken.token} />
      <h3 className={styles.heading}>On each machine</h3>
      <Text color="secondary" element="p">
        With the collector installed, run this as root (or the collector’s user). A machine that
        runs it again stays the same device.
      </Text>
      <CopyBlock
        label="Enroll command"
        text={created.enrollCommand}
        testId={testIds.fleetToken.command}
      />
      <h3 className={styles.heading}>On Kubernetes</h3>
      <Text color="secondary" element="p">
        The collector DaemonSet enrols every GPU node with the token from the Secret; each node is
        one device, keyed by its /etc/machine-id.
      </Text>
      <CopyBlock
        label="Kubernetes commands"
        text={kubernetes}
        testId={testIds.fleetToken.kubernetes}
      />
    </div>
  );
}

function CopyBlock({ label, text, testId }: { label: string; text: string; testId: string }) {
  const styles = useStyles2(getStyles);
  return (
    <div className={styles.codeBox}>
      <pre className={styles.code} aria-label={label} data-testid={testId}>
        {text}
      </pre>
      <ClipboardButton
        variant="secondary"
        icon="copy"
        getText={() => text}
        aria-label={`Copy: ${label}`}
      >
        Copy
      </ClipboardButton>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  heading: css({ fontSize: theme.typography.h5.fontSize, margin: theme.spacing(2, 0, 1) }),
  codeBox: css({
    display: 'flex',
    alignItems: 'flex-start',
    gap: theme.spacing(1),
    padding: theme.spacing(1.5),
    margin: theme.spacing(1, 0),
    background: theme.colors.background.canvas,
    border: `1px solid ${theme.colors.border.medium}`,
    borderRadius: theme.shape.radius.default,
  }),
  code: css({
    flex: 1,
    minWidth: 0,
    margin: 0,
    padding: 0,
    border: 'none',
    background: 'transparent',
    fontFamily: theme.typography.fontFamilyMonospace,
    fontSize: theme.typography.bodySmall.fontSize,
    whiteSpace: 'pre-wrap',
    overflowWrap: 'anywhere',
  }),
});
