import React, { useCallback, useState } from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { PluginPage } from '@grafana/runtime';
import { LinkButton, Stack, Text, useStyles2, useTheme2 } from '@grafana/ui';
import { SkeletonTheme } from 'react-loading-skeleton';
import 'react-loading-skeleton/dist/skeleton.css';
import { unwrap, type ApiClient, type Device } from '../../api/client';
import { toApiError, type ApiRequestError } from '../../api/errors';
import { useAction, useRequest } from '../../api/hooks';
import { ApiErrorAlert } from '../../components/ApiErrorAlert/ApiErrorAlert';
import { prefixRoute, ROUTES } from '../../constants';
import { DeleteDeviceModal } from './DeleteDeviceModal';
import type { RenameHandler } from './DeviceNameCell';
import { DeviceTable } from './DeviceTable';
import { DeviceTableSkeleton } from './DeviceTableSkeleton';
import { FleetHistory } from './FleetHistory';
import { FleetOverview } from './FleetOverview';
import { IconPreload } from './IconPreload';
import { InsightsPanel } from './InsightsPanel';
import { LiveIndicator } from './LiveIndicator';
import { useLiveFleet } from './use-live-fleet';

const SUBTITLE = 'Your GPU machines, their health and what they earn, live.';

const loadOverview = (client: ApiClient, signal: AbortSignal) =>
  unwrap(client.v1.overview.$get(undefined, { init: { signal } }));
const loadDevices = (client: ApiClient, signal: AbortSignal) =>
  unwrap(client.v1.devices.$get(undefined, { init: { signal } }));

/** A failed rename is shown beside the input, so it comes back as a value, not a throw. */
async function renameDevice(
  client: ApiClient,
  id: string,
  name: string,
): Promise<{ ok: true; device: Device } | { ok: false; error: ApiRequestError }> {
  try {
    const device = await unwrap(client.v1.devices[':id'].$patch({ param: { id }, json: { name } }));
    return { ok: true, device };
  } catch (caught) {
    const error = toApiError(caught);
    // A lost session still goes through useAction, which signs the user out.
    if (error.kind === 'unauthorized') throw error;
    return { ok: false, error };
  }
}

async function deleteDevice(client: ApiClient, id: string) {
  await unwrap(client.v1.devices[':id'].$delete({ param: { id } }));
  return true;
}

/** The app's home: the fleet at a glance, then every device, updating live. */
export default function HomePage() {
  const styles = useStyles2(getStyles);
  const overview = useRequest(loadOverview, []);
  const list = useRequest(loadDevices, []);
  const devices = list.data?.devices;
  const { setData: setList, reload: reloadDevices } = list;
  const { reload: reloadOverview } = overview;

  const updateDevices = useCallback(
    (update: (devices: Device[]) => Device[]) =>
      setList((current) => {
        if (!current) return current;
        const next = update(current.devices);
        return next === current.devices ? current : { ...current, devices: next };
      }),
    [setList],
  );
  useLiveFleet({ devices, updateDevices, reloadDevices, reloadOverview });

  const { run: rename } = useAction(renameDevice);
  const onRename = useCallback<RenameHandler>(
    async (id, name) => {
      const result = await rename(id, name);
      if (!result) return 'Could not rename the device.';
      if (!result.ok) return result.error.message;
      // Only the name: live samples may be newer than the figures in the answer.
      const renamed = result.device.name;
      updateDevices((all) => all.map((d) => (d.id === id ? { ...d, name: renamed } : d)));
      return undefined;
    },
    [rename, updateDevices],
  );

  const [deleting, setDeleting] = useState<Device | undefined>();
  const remove = useAction(deleteDevice);
  const { run: runDelete, clearError: clearDeleteError } = remove;
  const confirmDelete = useCallback(
    async (device: Device) => {
      if (!(await runDelete(device.id))) return;
      updateDevices((all) => all.filter((d) => d.id !== device.id));
      setDeleting(undefined);
      reloadOverview();
    },
    [runDelete, updateDevices, reloadOverview],
  );
  const dismissDelete = () => {
    setDeleting(undefined);
    clearDeleteError();
  };

  return (
    <PluginPage>
      <PageSkeletonTheme>
        <IconPreload />
        <PageHeader />
        {overview.error && !overview.data ? (
          <ApiErrorAlert
            error={overview.error}
            title="Could not load the fleet overview"
            onRetry={reloadOverview}
          />
        ) : (
          <FleetOverview overview={overview.data} />
        )}
        <InsightsPanel />
        <FleetHistory />
        <section aria-label="Device list" className={styles.devices}>
          {list.error && (
            <ApiErrorAlert
              error={list.error}
              title={devices ? 'Could not refresh your devices' : 'Could not load your devices'}
              onRetry={reloadDevices}
            />
          )}
          {devices ? (
            <DeviceTable devices={devices} onRename={onRename} onDelete={setDeleting} />
          ) : (
            !list.error && <DeviceTableSkeleton />
          )}
        </section>
        <DeleteDeviceModal
          device={deleting}
          error={remove.error}
          onConfirm={confirmDelete}
          onDismiss={dismissDelete}
        />
      </PageSkeletonTheme>
    </PluginPage>
  );
}

/**
 * The page's title is Grafana's (the plugin's "Devices" nav item); below it, what the page
 * shows and its actions. In the page body rather than PluginPage's `actions`, so they are there
 * wherever the app is hosted.
 */
function PageHeader() {
  const styles = useStyles2(getStyles);
  return (
    <div className={styles.header}>
      <Text color="secondary">{SUBTITLE}</Text>
      <Stack direction="row" alignItems="center" gap={2}>
        <LiveIndicator />
        <LinkButton icon="plus" href={prefixRoute(ROUTES.AddDevice)}>
          Add device
        </LinkButton>
      </Stack>
    </div>
  );
}

/** Skeletons in the theme's colours (Grafana's own are tuned for its background only). */
function PageSkeletonTheme({ children }: { children: React.ReactNode }) {
  const theme = useTheme2();
  return (
    <SkeletonTheme
      baseColor={theme.colors.action.hover}
      highlightColor={theme.colors.action.selected}
      borderRadius={theme.shape.radius.default}
    >
      {children}
    </SkeletonTheme>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  header: css({
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    justifyContent: 'space-between',
    gap: theme.spacing(2),
    marginBottom: theme.spacing(2),
  }),
  devices: css({ marginTop: theme.spacing(1) }),
});
