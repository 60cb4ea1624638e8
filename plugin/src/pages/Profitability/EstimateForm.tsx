import React, { useEffect, useId, useState } from 'react';
import { Button, useStyles2 } from '@grafana/ui';
import { unwrap } from '../../api/client';
import { useAction } from '../../api/hooks';
import { useMe } from '../../api/SessionContext';
import { ApiErrorAlert } from '../../components/ApiErrorAlert/ApiErrorAlert';
import { TextField } from '../../components/TextField/TextField';
import { testIds } from '../../testIds';
import {
  validateEstimate,
  type EstimateErrors,
  type EstimateField,
  type EstimateFormValues,
} from './estimate-form';
import { EstimateResult } from './EstimateResult';
import { getProfitabilityStyles } from './styles';
import type { Estimate, EstimateRequest } from './types';

interface Props {
  /** GPU models of the user's devices, most common first; the first one fills the form. */
  suggestions: string[];
}

/** What GPUs would earn, from the API's rate card. */
export function EstimateForm({ suggestions }: Props) {
  const styles = useStyles2(getProfitabilityStyles);
  const { settings } = useMe();
  const ids = useFieldIds();
  const [values, setValues] = useState<EstimateFormValues>({
    gpuModel: '',
    gpuCount: '1',
    powerW: '',
    electricityPrice: settings.electricityPrice,
    hoursPerDay: '20',
  });
  const [errors, setErrors] = useState<EstimateErrors>({});
  const [result, setResult] = useState<Estimate | undefined>();
  const estimate = useAction((client, json: EstimateRequest) =>
    unwrap(client.v1.profitability.estimate.$post({ json })),
  );

  const firstSuggestion = suggestions[0];
  useEffect(() => {
    if (firstSuggestion) {
      setValues((current) =>
        current.gpuModel ? current : { ...current, gpuModel: firstSuggestion },
      );
    }
  }, [firstSuggestion]);

  /** The props every field of the form takes from its name. */
  const bind = (field: EstimateField) => ({
    id: ids[field],
    value: values[field],
    error: errors[field],
    onValueChange: (value: string) => {
      setValues((current) => ({ ...current, [field]: value }));
      setErrors((current) => ({ ...current, [field]: undefined }));
    },
  });

  async function onSubmit(event: React.FormEvent) {
    event.preventDefault();
    const checked = validateEstimate(values);
    if (checked.errors) {
      setErrors(checked.errors);
      estimate.clearError();
      setResult(undefined);
      return;
    }
    setErrors({});
    const answer = await estimate.run(checked.request);
    setResult(answer);
  }

  const currencyNote =
    settings.currency === 'USD'
      ? 'USD per kWh, from your settings'
      : `USD per kWh: the rate card is in USD, your settings are in ${settings.currency}`;

  return (
    <div className={styles.card} data-testid={testIds.profitability.estimate}>
      <form
        onSubmit={(event) => void onSubmit(event)}
        noValidate
        aria-label="Profitability estimate"
      >
        <div className={styles.formGrid}>
          <TextField
            {...bind('gpuModel')}
            label="GPU model"
            description="As on the rate card, e.g. RTX 4090"
            list={ids.models}
            autoComplete="off"
          />
          <TextField
            {...bind('gpuCount')}
            label="GPU count"
            description="1 to 64"
            type="number"
            min={1}
            max={64}
            step={1}
          />
          <TextField
            {...bind('powerW')}
            label="Power per GPU (W, optional)"
            description="Empty: the rate card's board power"
            inputMode="decimal"
            suffix="W"
          />
          <TextField
            {...bind('electricityPrice')}
            label="Electricity price"
            description={currencyNote}
            inputMode="decimal"
            suffix="USD/kWh"
          />
          <TextField
            {...bind('hoursPerDay')}
            label="Hours rented per day"
            description="0 to 24"
            inputMode="decimal"
            suffix="h/day"
          />
        </div>
        <datalist id={ids.models}>
          {suggestions.map((model) => (
            <option key={model} value={model} />
          ))}
        </datalist>
        <Button type="submit" icon="calculator-alt" disabled={estimate.pending}>
          {estimate.pending ? 'Estimating…' : 'Estimate'}
        </Button>
      </form>
      {estimate.error && (
        <div className={styles.formAlert}>
          <ApiErrorAlert error={estimate.error} title="Could not make the estimate" />
        </div>
      )}
      {result && !estimate.error && <EstimateResult estimate={result} />}
    </div>
  );
}

function useFieldIds() {
  return {
    gpuModel: useId(),
    gpuCount: useId(),
    powerW: useId(),
    electricityPrice: useId(),
    hoursPerDay: useId(),
    models: useId(),
  };
}
