import React, { useMemo, useState, type FormEvent } from 'react';
import type { InferRequestType } from 'hono/client';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Button, Combobox, Field, Stack, Text, useStyles2, type ComboboxOption } from '@grafana/ui';
import { unwrap, type ApiClient, type Me } from '../../api/client';
import { useAction } from '../../api/hooks';
import { useMe, useSession } from '../../api/SessionContext';
import { ApiErrorAlert } from '../../components/ApiErrorAlert/ApiErrorAlert';
import { Section } from '../../components/Section/Section';
import { TextField } from '../../components/TextField/TextField';
import { testIds } from '../../testIds';
import { fieldErrors, focusFirstInvalid } from '../../utils/forms';
import { decimalProblem, normalizeDecimal } from './validation';

type SettingsPatch = InferRequestType<ApiClient['v1']['me']['settings']['$patch']>['json'];
type Settings = Me['settings'];
interface Form {
  electricityPrice: string;
  currency: string;
  solPrice: string;
  timezone: string;
}

const FIELDS = ['electricityPrice', 'currency', 'solPrice', 'timezone'] as const;
const CURRENCIES = [
  'USD',
  'EUR',
  'GBP',
  'CHF',
  'CAD',
  'AUD',
  'NZD',
  'JPY',
  'CNY',
  'HKD',
  'SGD',
  'KRW',
  'INR',
  'BRL',
  'MXN',
  'ZAR',
  'SEK',
  'NOK',
  'DKK',
  'PLN',
  'CZK',
  'HUF',
  'TRY',
  'AED',
  'ILS',
];

const saveSettings = (client: ApiClient, json: SettingsPatch) =>
  unwrap(client.v1.me.settings.$patch({ json }));

function toForm(settings: Settings): Form {
  return { ...settings, solPrice: settings.solPrice ?? '' };
}

/** Only what changed: the API wants at least one setting and keeps the rest. */
function changes(form: Form, settings: Settings): SettingsPatch {
  const patch: SettingsPatch = {};
  const price = normalizeDecimal(form.electricityPrice);
  if (price !== settings.electricityPrice) patch.electricityPrice = price;
  if (form.currency !== settings.currency) patch.currency = form.currency;
  const solPrice = normalizeDecimal(form.solPrice);
  if (solPrice !== (settings.solPrice ?? '')) patch.solPrice = solPrice === '' ? null : solPrice;
  if (form.timezone !== settings.timezone) patch.timezone = form.timezone;
  return patch;
}

/** Electricity price, currency, SOL price and time zone: what the figures on every page use. */
export function PreferencesSection() {
  const styles = useStyles2(getStyles);
  const me = useMe();
  const { setMe } = useSession();
  const [form, setForm] = useState<Form>(() => toForm(me.settings));
  const [saved, setSaved] = useState(false);
  const { run, pending, error, clearError } = useAction(saveSettings);
  const currencyOptions = useMemo(() => currencyChoices(form.currency), [form.currency]);
  const timezoneOptions = useMemo(() => timezoneChoices(form.timezone), [form.timezone]);

  const local = {
    electricityPrice: decimalProblem(form.electricityPrice, true),
    solPrice: decimalProblem(form.solPrice, false),
  };
  const api = fieldErrors(error, FIELDS);
  const problem = (field: (typeof FIELDS)[number]) =>
    (field === 'electricityPrice' || field === 'solPrice' ? local[field] : undefined) ??
    api.fields[field];
  const patch = changes(form, me.settings);
  const dirty = Object.keys(patch).length > 0;

  function edit(update: Partial<Form>) {
    setForm((current) => ({ ...current, ...update }));
    setSaved(false);
    clearError();
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    if (local.electricityPrice || local.solPrice || !dirty) return focusFirstInvalid(form);
    const updated = await run(patch);
    if (!updated) return focusFirstInvalid(form);
    setMe(updated);
    setForm(toForm(updated.settings));
    setSaved(true);
  }

  const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return (
    <Section
      variant="card"
      testId={testIds.settings.preferences}
      title="Preferences"
      description="Used for power costs, profit and the value of your earnings on every page."
    >
      <form onSubmit={submit} noValidate>
        <TextField
          id="settings-electricity-price"
          label="Electricity price"
          description="What you pay per kWh, in your currency."
          required
          error={problem('electricityPrice')}
          inputMode="decimal"
          value={form.electricityPrice}
          suffix={`${form.currency} / kWh`}
          width={28}
          onValueChange={(electricityPrice) => edit({ electricityPrice })}
        />
        <Field label="Currency" invalid={Boolean(problem('currency'))} error={problem('currency')}>
          <Combobox
            id="settings-currency"
            options={currencyOptions}
            value={form.currency}
            width={28}
            onChange={(option) => edit({ currency: option.value })}
          />
        </Field>
        <TextField
          id="settings-sol-price"
          label="SOL price"
          description="One SOL in your currency, to show earnings in money. Leave empty to show SOL only."
          error={problem('solPrice')}
          inputMode="decimal"
          value={form.solPrice}
          placeholder="Optional"
          suffix={form.currency}
          width={28}
          onValueChange={(solPrice) => edit({ solPrice })}
        />
        <Field
          label="Time zone"
          description="Days (uptime, earnings) start at midnight here."
          invalid={Boolean(problem('timezone'))}
          error={problem('timezone')}
          htmlFor="settings-timezone"
        >
          <Stack gap={1} alignItems="center" wrap="wrap">
            <Combobox
              id="settings-timezone"
              options={timezoneOptions}
              value={form.timezone}
              width={40}
              invalid={Boolean(problem('timezone'))}
              onChange={(option) => edit({ timezone: option.value })}
            />
            {browserZone && browserZone !== form.timezone && (
              <Button
                type="button"
                variant="secondary"
                fill="text"
                size="sm"
                onClick={() => edit({ timezone: browserZone })}
              >
                Use {browserZone} (this browser’s)
              </Button>
            )}
          </Stack>
        </Field>
        {api.other && <ApiErrorAlert error={api.other} title="Could not save your preferences" />}
        <div className={styles.actions}>
          <Button type="submit" disabled={pending || !dirty} icon={pending ? 'spinner' : 'save'}>
            Save preferences
          </Button>
          {saved && !dirty && (
            <Text color="success" role="status">
              Saved.
            </Text>
          )}
        </div>
      </form>
    </Section>
  );
}

function currencyChoices(current: string): Array<ComboboxOption<string>> {
  const names = new Intl.DisplayNames(['en'], { type: 'currency' });
  const codes = CURRENCIES.includes(current) ? CURRENCIES : [current, ...CURRENCIES];
  return codes.map((code) => ({ value: code, label: code, description: names.of(code) }));
}

function timezoneChoices(current: string): Array<ComboboxOption<string>> {
  const zones = new Set(Intl.supportedValuesOf('timeZone'));
  zones.add('UTC');
  zones.add(current);
  return [...zones].sort().map((zone) => ({ value: zone, label: zone }));
}

const getStyles = (theme: GrafanaTheme2) => ({
  actions: css({
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(2),
    marginTop: theme.spacing(3),
  }),
});
