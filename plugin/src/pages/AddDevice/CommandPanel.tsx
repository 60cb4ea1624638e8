import React, { useState } from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Alert, Button, ClipboardButton, Icon, Tab, TabsBar, Text, useStyles2 } from '@grafana/ui';
import { testIds } from '../../testIds';
import { OS_OPTIONS, type DeviceOs } from '../../utils/device-os';
import { formatClock, formatRemaining, secondsLeft, type Enrollment } from './wizard';

interface Props {
  enrollment: Enrollment;
  /** The device's operating system: its command is shown first. */
  os: DeviceOs;
  now: number;
  /** The account's time zone, for the expiry time. */
  timeZone?: string;
  /** The machine has used the token, so its expiry no longer matters. */
  enrolled: boolean;
  onCopied: () => void;
  onRenew: () => void;
  renewing: boolean;
}

const GUIDE: Record<DeviceOs, { where: string; steps: string[] }> = {
  ubuntu: {
    where: 'Run it on the GPU machine (Ubuntu 22.04 or 24.04) as a user who can use sudo.',
    steps: [
      'Installs the Node.js 24 LTS if the machine has no Node.js 24 or newer (the official build, checksum verified).',
      'Downloads the IO Worker collector and checks its SHA-256 checksum.',
      'Installs koffi with npm (version pinned, checksums verified), so that the collector reads the GPUs through the NVIDIA driver directly; without it, through nvidia-smi.',
      'Enrols the machine in your account with the one-time token in the command.',
      'Runs the collector as the systemd service io-worker-collector: it reports every 10 s.',
    ],
  },
  windows: {
    where: 'Run it on the GPU machine in PowerShell opened with “Run as administrator”.',
    steps: [
      'Installs the Node.js 24 LTS if the machine has no Node.js 24 or newer (the official build, checksum verified).',
      'Downloads the IO Worker collector and checks its SHA-256 checksum.',
      'Installs koffi with npm (version pinned, checksums verified), so that the collector reads the GPUs through the NVIDIA driver directly; without it, through nvidia-smi.',
      'Enrols the machine in your account with the one-time token in the command.',
      'Runs the collector as the Windows service io-worker-collector: it reports every 10 s.',
    ],
  },
};

/** Step 2: the one-line install command, how long it is valid, and what it does. */
export function CommandPanel({
  enrollment,
  os,
  now,
  timeZone,
  enrolled,
  onCopied,
  onRenew,
  renewing,
}: Props) {
  const styles = useStyles2(getStyles);
  const [shown, setShown] = useState<DeviceOs>(os);
  const command = enrollment.commands[shown];
  const remaining = secondsLeft(enrollment.expiresAt, now);
  const expired = remaining === 0 && !enrolled;
  const { where, steps } = GUIDE[shown];

  return (
    <section aria-labelledby="add-device-install-heading">
      <h2 id="add-device-install-heading">Install the collector</h2>
      <TabsBar className={styles.tabs}>
        {OS_OPTIONS.map((option) => (
          <Tab
            key={option.value}
            label={option.label}
            active={shown === option.value}
            onChangeTab={() => setShown(option.value)}
          />
        ))}
      </TabsBar>
      <Text color="secondary" element="p">
        {where}
      </Text>
      <div className={styles.codeBox}>
        <pre className={styles.code} data-testid={testIds.addDevice.command}>
          <CommandText command={command} />
        </pre>
        <ClipboardButton
          icon="copy"
          variant="primary"
          getText={() => command}
          onClipboardCopy={onCopied}
          disabled={expired}
          className={styles.copy}
        >
          Copy
        </ClipboardButton>
      </div>
      {expired ? (
        <Alert severity="warning" title="This command has expired">
          <p>Install tokens are valid for one hour. Get a new command and run that one instead.</p>
          <RenewButton onRenew={onRenew} renewing={renewing} variant="primary" />
        </Alert>
      ) : (
        <div className={styles.expiry}>
          <Icon name="clock-nine" />
          <Text color="secondary">
            {enrolled
              ? 'The machine has used this command’s token.'
              : `Valid for 1 hour, single use: expires at ${formatClock(enrollment.expiresAt, timeZone)} (${formatRemaining(remaining)}).`}
          </Text>
          <RenewButton onRenew={onRenew} renewing={renewing} variant="secondary" />
        </div>
      )}
      <div className={styles.guide}>
        <h3>What the command does</h3>
        <ol>
          {steps.map((step) => (
            <li key={step}>{step}</li>
          ))}
        </ol>
        <Text color="secondary" element="p">
          Lost the command, or moving the device to another machine? Get a new command: the current
          one then stops working.
        </Text>
      </div>
    </section>
  );
}

/**
 * The command with its short arguments kept whole, so that a line never ends in "--"; the text
 * (what is copied and what tests read) is the command exactly.
 */
function CommandText({ command }: { command: string }) {
  const styles = useStyles2(getStyles);
  const parts = command.split(' ');
  return (
    <>
      {parts.map((part, index) => (
        <React.Fragment key={index}>
          {index > 0 && ' '}
          {part.length <= 32 ? <span className={styles.nowrap}>{part}</span> : part}
        </React.Fragment>
      ))}
    </>
  );
}

function RenewButton({
  onRenew,
  renewing,
  variant,
}: {
  onRenew: () => void;
  renewing: boolean;
  variant: 'primary' | 'secondary';
}) {
  return (
    <Button
      size="sm"
      variant={variant}
      fill={variant === 'secondary' ? 'text' : 'solid'}
      icon={renewing ? 'spinner' : 'sync'}
      disabled={renewing}
      onClick={onRenew}
    >
      Get a new command
    </Button>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  tabs: css({ marginBottom: theme.spacing(2) }),
  codeBox: css({
    display: 'flex',
    alignItems: 'flex-start',
    gap: theme.spacing(1),
    padding: theme.spacing(1.5),
    background: theme.colors.background.canvas,
    border: `1px solid ${theme.colors.border.medium}`,
    borderRadius: theme.shape.radius.default,
    margin: theme.spacing(1, 0),
  }),
  code: css({
    flex: 1,
    margin: 0,
    padding: 0,
    border: 'none',
    background: 'transparent',
    fontFamily: theme.typography.fontFamilyMonospace,
    fontSize: theme.typography.bodySmall.fontSize,
    lineHeight: 1.6,
    color: theme.colors.text.primary,
    whiteSpace: 'pre-wrap',
    // Break between arguments (Grafana's global pre style breaks anywhere); only a token too
    // long for the line is broken inside.
    wordBreak: 'normal',
    overflowWrap: 'break-word',
    minWidth: 0,
  }),
  nowrap: css({ whiteSpace: 'nowrap' }),
  copy: css({ flex: 'none' }),
  expiry: css({
    display: 'flex',
    alignItems: 'center',
    flexWrap: 'wrap',
    gap: theme.spacing(1),
    color: theme.colors.text.secondary,
  }),
  guide: css({
    marginTop: theme.spacing(3),
    h3: { fontSize: theme.typography.h5.fontSize, marginBottom: theme.spacing(1) },
    ol: { margin: theme.spacing(0, 0, 1, 3) },
    li: { marginBottom: theme.spacing(0.5) },
  }),
});
