import React from 'react';
import { css, cx } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Alert, Button, LinkButton, Stack, Text, useStyles2 } from '@grafana/ui';
import Skeleton from 'react-loading-skeleton';
import { unwrap, type Device } from '../../api/client';
import { useRequest } from '../../api/hooks';
import { getListStyles } from '../../components/DataList/list-styles';
import { prefixRoute, ROUTES } from '../../constants';
import { testIds } from '../../testIds';
import { formatMiB } from '../../utils/format';

interface Props {
  device: Device;
  onAddAnother: () => void;
}

/** Step 4: the device reports; what it found, and where to go next. */
export function ConnectedStep({ device: known, onAddAnother }: Props) {
  const styles = useStyles2(getStyles);
  const list = useStyles2(getListStyles);
  // A live sample connects before the GPU list is known: load the device once more.
  const { data, loading } = useRequest(
    (client, signal) =>
      unwrap(client.v1.devices[':id'].$get({ param: { id: known.id } }, { init: { signal } })),
    [known.id],
  );
  const device = data ?? known;

  return (
    <section aria-labelledby="add-device-connected-heading">
      <div className={styles.banner} role="status" data-testid={testIds.addDevice.status}>
        <span className={styles.icon} aria-hidden>
          ✓
        </span>
        <div>
          <h2 id="add-device-connected-heading" className={styles.heading}>
            Connected
          </h2>
          <Text color="secondary">
            {device.hostname
              ? `${device.name} (${device.hostname}) is reporting to IO Worker.`
              : `${device.name} is reporting to IO Worker.`}
          </Text>
        </div>
      </div>
      <h3 className={styles.subheading}>GPUs detected</h3>
      {loading && !data && device.gpus.length === 0 ? (
        <Skeleton count={2} height={24} />
      ) : device.gpus.length === 0 ? (
        <Alert severity="info" title="No NVIDIA GPU was detected">
          The collector found no GPU through nvidia-smi. Check that the NVIDIA driver is installed
          and that nvidia-smi works on the machine, then restart the io-worker-collector service.
        </Alert>
      ) : (
        <ul
          className={cx(list.list, styles.gpus)}
          aria-label="GPUs"
          data-testid={testIds.addDevice.gpus}
        >
          {device.gpus.map((gpu) => (
            <li key={gpu.uuid ?? gpu.index} className={cx(list.row, styles.gpu)}>
              <span className={styles.index}>GPU {gpu.index}</span>
              <span className={styles.model}>{gpu.model}</span>
              <Text color="secondary">{formatMiB(gpu.memoryTotalMiB)}</Text>
            </li>
          ))}
        </ul>
      )}
      <Stack gap={1} wrap="wrap">
        <LinkButton href={prefixRoute(ROUTES.Device, device.id)} icon="arrow-right">
          Open device
        </LinkButton>
        <Button variant="secondary" icon="plus" onClick={onAddAnother}>
          Add another device
        </Button>
      </Stack>
    </section>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  banner: css({
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(2),
    padding: theme.spacing(2),
    marginBottom: theme.spacing(3),
    borderRadius: theme.shape.radius.default,
    border: `1px solid ${theme.colors.success.border}`,
    background: theme.colors.success.transparent,
  }),
  icon: css({
    flex: 'none',
    display: 'inline-flex',
    alignItems: 'center',
    justifyContent: 'center',
    width: 40,
    height: 40,
    borderRadius: theme.shape.radius.circle,
    background: theme.colors.success.main,
    color: theme.colors.success.contrastText,
    fontSize: theme.typography.h3.fontSize,
  }),
  heading: css({ margin: 0, marginBottom: theme.spacing(0.5) }),
  subheading: css({ fontSize: theme.typography.h5.fontSize, marginBottom: theme.spacing(1) }),
  gpus: css({ marginBottom: theme.spacing(3) }),
  gpu: css({
    display: 'grid',
    gridTemplateColumns: '64px 1fr auto',
    gap: theme.spacing(2),
    alignItems: 'center',
  }),
  index: css({
    fontFamily: theme.typography.fontFamilyMonospace,
    color: theme.colors.text.secondary,
  }),
  model: css({ fontWeight: theme.typography.fontWeightMedium }),
});
