import React from 'react';
import { Button, Toggletip, useStyles2 } from '@grafana/ui';
import { formatDateTime, formatKwh, formatMoney, formatPower, formatSol } from '../../utils/format';
import { averagePowerW } from './measured';
import { getProfitabilityStyles } from './styles';
import type { DeviceProfitability } from './types';

interface Props {
  deviceName: string;
  result: DeviceProfitability;
  timeZone: string;
}

/** Everything a measured figure rests on, one click away. */
export function BasisDetails({ deviceName, result, timeZone }: Props) {
  const styles = useStyles2(getProfitabilityStyles);
  const { basis, currency } = result;
  const power = averagePowerW(basis);
  const content = (
    <div>
      <dl className={styles.details}>
        <dt>From</dt>
        <dd>{formatDateTime(basis.from, timeZone)}</dd>
        <dt>To</dt>
        <dd>
          {formatDateTime(basis.to, timeZone)} ({timeZone})
        </dd>
        <dt>Hours with power data</dt>
        <dd>
          {basis.hoursCovered} h of {basis.days * 24} h
        </dd>
        <dt>Hours busy (a GPU at 10 % or more)</dt>
        <dd>{basis.busyHours} h</dd>
        <dt>Energy measured</dt>
        <dd>{formatKwh(basis.kwh)}</dd>
        {basis.counterKwh !== null && (
          <>
            <dt>Energy by the GPUs’ own counters</dt>
            <dd>{formatKwh(basis.counterKwh)}</dd>
          </>
        )}
        <dt>Average power while measured</dt>
        <dd>{power === null ? '—' : formatPower(power)}</dd>
        <dt>Power samples</dt>
        <dd>
          {basis.samples.toLocaleString('en-US')} from {basis.gpus} GPU{basis.gpus === 1 ? '' : 's'}
          , every {basis.intervalS} s
        </dd>
        <dt>Earned in the window</dt>
        <dd>{formatSol(basis.revenueLamports)}</dd>
        <dt>Electricity price</dt>
        <dd>{formatMoney(basis.electricityPrice, `${currency}/kWh`)}</dd>
        <dt>SOL price</dt>
        <dd>{basis.solPrice ? formatMoney(basis.solPrice, `${currency}/SOL`) : 'not set'}</dd>
        <dt>Break-even electricity price</dt>
        <dd>
          {result.breakEvenElectricityPrice
            ? formatMoney(result.breakEvenElectricityPrice, `${currency}/kWh`)
            : '—'}
        </dd>
      </dl>
      {basis.notes.length > 0 && (
        <ul className={styles.notes}>
          {basis.notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      )}
    </div>
  );
  return (
    <Toggletip title={`How the figures for ${deviceName} were made`} content={content} closeButton>
      <Button size="sm" variant="secondary" fill="text" icon="info-circle">
        How measured
      </Button>
    </Toggletip>
  );
}
