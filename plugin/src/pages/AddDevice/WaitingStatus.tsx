import React, { useEffect } from 'react';
import { css, keyframes } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Text, useStyles2 } from '@grafana/ui';
import { unwrap, type Device } from '../../api/client';
import { useLiveEvent, useRequest } from '../../api/hooks';
import { useInterval } from '../../hooks/useInterval';
import { visuallyHidden } from '../../styles/visually-hidden';
import { testIds } from '../../testIds';
import { isEnrolled, type WizardEvent } from './wizard';

/** The fallback for a missed live event (a proxy that buffers Server-Sent Events, a reconnect). */
export const POLL_INTERVAL_MS = 5000;

interface Props {
  device: Device;
  onEvent: (event: WizardEvent) => void;
}

/** Step 3: waits for the device's first sample, live, with a poll as a fallback. */
export function WaitingStatus({ device, onEvent }: Props) {
  const styles = useStyles2(getStyles);
  const id = device.id;
  const { data, error, reload } = useRequest(
    (client, signal) =>
      unwrap(client.v1.devices[':id'].$get({ param: { id } }, { init: { signal } })),
    [id],
  );
  useInterval(reload, POLL_INTERVAL_MS);
  useEffect(() => {
    if (data) onEvent({ type: 'deviceLoaded', device: data });
  }, [data, onEvent]);
  useLiveEvent('device.status', (event) => {
    if (event.deviceId === id)
      onEvent({ type: 'statusChanged', deviceId: id, status: event.status });
  });
  useLiveEvent('device.sample', (event) => {
    if (event.deviceId === id) onEvent({ type: 'sampleReceived', deviceId: id, at: event.at });
  });

  const enrolled = isEnrolled(device);
  return (
    <section aria-labelledby="add-device-waiting-heading" className={styles.box}>
      <h2 id="add-device-waiting-heading" className={visuallyHidden}>
        Connection
      </h2>
      <div
        className={styles.status}
        role="status"
        aria-live="polite"
        data-testid={testIds.addDevice.status}
      >
        <span className={styles.spinner} aria-hidden />
        <div>
          <div className={styles.title}>
            {enrolled
              ? `Enrolled as ${device.hostname}: waiting for its first sample…`
              : 'Waiting for your device…'}
          </div>
          <Text color="secondary">
            {enrolled
              ? 'The collector is installed. Its first report usually arrives within seconds.'
              : 'Run the command above on the machine. This page updates by itself as soon as the device reports.'}
          </Text>
        </div>
      </div>
      {error && (
        <Text color="warning" element="p">
          Could not check on the device ({error.message}). Trying again every{' '}
          {POLL_INTERVAL_MS / 1000} s.
        </Text>
      )}
    </section>
  );
}

const spin = keyframes({ to: { transform: 'rotate(360deg)' } });

const getStyles = (theme: GrafanaTheme2) => ({
  box: css({
    marginTop: theme.spacing(3),
    padding: theme.spacing(2),
    border: `1px dashed ${theme.colors.border.strong}`,
    borderRadius: theme.shape.radius.default,
    background: theme.colors.background.secondary,
  }),
  status: css({ display: 'flex', alignItems: 'center', gap: theme.spacing(2) }),
  // A CSS ring rather than Grafana's spinner icon: it needs no icon files to load.
  spinner: css({
    flex: 'none',
    width: 28,
    height: 28,
    borderRadius: '50%',
    border: `3px solid ${theme.colors.border.medium}`,
    borderTopColor: theme.colors.primary.main,
    [theme.transitions.handleMotion('no-preference')]: {
      animation: `${spin} 0.9s linear infinite`,
    },
  }),
  title: css({
    fontSize: theme.typography.h5.fontSize,
    fontWeight: theme.typography.fontWeightMedium,
    marginBottom: theme.spacing(0.5),
  }),
});
