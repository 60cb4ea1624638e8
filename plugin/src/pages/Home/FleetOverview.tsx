import React from 'react';
import type { Overview } from '../../api/client';
import { useMe } from '../../api/SessionContext';
import { StatCard, StatRow } from '../../components/StatCard/StatCard';
import { testIds } from '../../testIds';
import { formatPower, formatSol, formatSolValue, formatTemperature } from '../../utils/format';
import { plural } from './device-display';
import { temperatureLevel } from '../../utils/temperature';

/** The fleet in eight figures; every card shows a skeleton until the overview has loaded. */
export function FleetOverview({ overview }: { overview: Overview | undefined }) {
  const { settings } = useMe();
  const devices = overview?.devices;
  const earnings = overview?.earnings;
  const temperature = overview?.avgTemperature;
  return (
    <div data-testid={testIds.home.overview}>
      <StatRow label="Fleet overview">
        <StatCard
          label="Devices online"
          value={devices && count(devices.online)}
          hint={devices && `of ${plural(devices.total, 'device')}`}
          color={devices && devices.online > 0 ? 'success' : undefined}
        />
        <StatCard
          label="Devices offline"
          value={devices && count(devices.offline)}
          hint="no recent samples"
          color={devices && devices.offline > 0 ? 'error' : undefined}
        />
        <StatCard
          label="Devices pending"
          value={devices && count(devices.pending)}
          hint="not reporting yet"
        />
        <StatCard
          label="GPUs"
          value={overview && count(overview.gpus)}
          hint={devices && `in ${plural(devices.total, 'device')}`}
        />
        <StatCard
          label="Avg temperature"
          value={overview && formatTemperature(temperature)}
          hint="mean of hottest GPU"
          color={TEMPERATURE_COLORS[temperatureLevel(temperature)]}
        />
        <StatCard
          label="Power draw"
          value={overview && formatPower(overview.totalPowerW)}
          hint="online devices"
        />
        <StatCard
          label="Earned today"
          value={earnings && formatSol(earnings.todayLamports)}
          hint={earnings && `7 days: ${formatSol(earnings.last7dLamports)}`}
          color="primary"
        />
        <StatCard
          label="Balance"
          value={earnings && formatSol(earnings.balanceLamports)}
          hint={
            earnings &&
            (formatSolValue(earnings.balanceLamports, settings.solPrice, settings.currency) ??
              'to be paid out')
          }
        />
      </StatRow>
    </div>
  );
}

/** Counts carry their unit in the card's label ("Devices online"), so they stay on one line. */
const count = (value: number) => value.toLocaleString('en-US');

const TEMPERATURE_COLORS = { ok: undefined, warm: 'warning', hot: 'error' } as const;
