import React, { useState, type FormEvent } from 'react';
import { lastValueFrom } from 'rxjs';
import type { AppPluginMeta, PluginConfigPageProps, PluginMeta } from '@grafana/data';
import { getBackendSrv } from '@grafana/runtime';
import { Alert, Button, Field, FieldSet, Input, Stack } from '@grafana/ui';
import { createApiClient } from '../../api/client';
import { readError, toApiError } from '../../api/errors';
import { testIds } from '../../testIds';
import type { AppSettings } from '../../types';

export type AppConfigProps = PluginConfigPageProps<AppPluginMeta<AppSettings>>;

type Check =
  | { state: 'idle' }
  | { state: 'checking' }
  | { state: 'ok'; detail: string }
  | { state: 'failed'; message: string };

/** The admin's page in Grafana: where the API is, with a connection test against /readyz. */
export default function AppConfig({ plugin }: AppConfigProps) {
  const { enabled, pinned, jsonData } = plugin.meta;
  const [apiUrl, setApiUrl] = useState(jsonData?.apiUrl ?? '');
  const [check, setCheck] = useState<Check>({ state: 'idle' });
  const [saveError, setSaveError] = useState<string | undefined>();
  const urlProblem = describeUrlProblem(apiUrl);

  async function testConnection() {
    setCheck({ state: 'checking' });
    setCheck(await checkReadiness(apiUrl));
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    if (urlProblem) return;
    try {
      await updatePlugin(plugin.meta.id, {
        enabled,
        pinned,
        jsonData: { ...jsonData, apiUrl: apiUrl.trim().replace(/\/+$/, '') },
      });
      // Grafana keeps the app's settings in memory; a reload is the supported way to apply them.
      window.location.reload();
    } catch (error) {
      setSaveError(toApiError(error).message);
    }
  }

  return (
    <form onSubmit={save}>
      <FieldSet label="IO Worker API">
        <Field
          label="API URL"
          description="Where the IO Worker API is served. Serve it from the same site as Grafana (e.g. grafana.example.com and api.example.com) so that browsers send its session cookie, and list Grafana's origin in the API's ALLOWED_ORIGINS."
          invalid={apiUrl !== '' && urlProblem !== undefined}
          error={urlProblem}
        >
          <Input
            width={60}
            id="config-api-url"
            data-testid={testIds.appConfig.apiUrl}
            value={apiUrl}
            placeholder="https://api.example.com"
            onChange={(e) => setApiUrl(e.currentTarget.value)}
          />
        </Field>
        <Stack gap={1}>
          <Button
            type="button"
            variant="secondary"
            data-testid={testIds.appConfig.testConnection}
            disabled={urlProblem !== undefined || check.state === 'checking'}
            onClick={() => void testConnection()}
          >
            Test connection
          </Button>
          <Button
            type="submit"
            data-testid={testIds.appConfig.submit}
            disabled={urlProblem !== undefined}
          >
            Save settings
          </Button>
        </Stack>
        {check.state === 'ok' && (
          <Alert severity="success" title="The API is ready">
            {check.detail}
          </Alert>
        )}
        {check.state === 'failed' && (
          <Alert severity="error" title="Connection failed">
            {check.message}
          </Alert>
        )}
        {saveError && (
          <Alert severity="error" title="Could not save">
            {saveError}
          </Alert>
        )}
      </FieldSet>
    </form>
  );
}

function describeUrlProblem(value: string): string | undefined {
  if (!value.trim()) return 'Enter the API URL.';
  try {
    const url = new URL(value.trim());
    return url.protocol === 'http:' || url.protocol === 'https:'
      ? undefined
      : 'Use an http(s) URL.';
  } catch {
    return 'This is not a URL, e.g. https://api.example.com';
  }
}

async function checkReadiness(apiUrl: string): Promise<Check> {
  try {
    const response = await createApiClient(apiUrl).readyz.$get();
    if (!response.ok && response.status !== 503)
      throw await readError(response as unknown as Response);
    const body = (await response.json()) as Record<string, unknown>;
    const parts = Object.entries(body).map(([name, state]) => `${name}: ${String(state)}`);
    return response.ok
      ? { state: 'ok', detail: parts.join(', ') }
      : { state: 'failed', message: `The API is up but not ready (${parts.join(', ')}).` };
  } catch (error) {
    const apiError = toApiError(error);
    return {
      state: 'failed',
      message:
        apiError.kind === 'unreachable'
          ? `${apiUrl} did not answer. Check the URL, that the API is running, and that ALLOWED_ORIGINS lists ${window.location.origin}.`
          : apiError.message,
    };
  }
}

async function updatePlugin(pluginId: string, data: Partial<PluginMeta<AppSettings>>) {
  const response = getBackendSrv().fetch({
    url: `/api/plugins/${pluginId}/settings`,
    method: 'POST',
    data,
  });
  return lastValueFrom(response);
}
