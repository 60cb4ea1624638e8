import React from 'react';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { createTheme } from '@grafana/data';
import { describe, expect, it } from 'vitest';
import { apiError, fakeApi, renderSignedIn, type ApiRoutes } from '../../../test/fake-api';
import { account } from '../../../test/fixtures';
import { testIds } from '../../testIds';
import ProfitabilityPage from './ProfitabilityPage';

const RIG = 'd470b3e8-1e71-4738-b569-e07ecc76744e';
const NEW_RIG = '0c870e3d-d300-45fa-a216-ed416f67df7c';

const devices = {
  devices: [
    {
      id: RIG,
      name: 'rig-one',
      gpus: [{ index: 0, model: 'NVIDIA GeForce RTX 4090', memoryTotalMiB: 24564 }],
    },
    { id: NEW_RIG, name: 'rig-new', gpus: [] },
  ],
};

const basis = {
  from: '2026-11-18T12:00:00.000Z',
  to: '2026-11-25T12:00:00.000Z',
  days: 7,
  intervalS: 10,
  hoursCovered: 160,
  kwh: 96,
  counterKwh: 98.5,
  busyHours: 150,
  samples: 115_200,
  gpus: 2,
  electricityPrice: '0.30',
  solPrice: '150',
  revenueLamports: '700000000',
  notes: [],
};

const measured = (days: number) => ({
  revenuePerDay: '15.00',
  revenueLamportsPerDay: '100000000',
  powerKwhPerDay: 13.714286,
  powerCostPerDay: '4.114286',
  profitPerDay: days === 7 ? '10.885714' : '-1.25',
  profitPerMonth: '326.57',
  breakEvenElectricityPrice: '1.09375',
  currency: 'USD',
  basis: { ...basis, days },
});

const noData = {
  ...measured(7),
  revenuePerDay: '0.00',
  revenueLamportsPerDay: '0',
  powerKwhPerDay: 0,
  powerCostPerDay: '0.00',
  profitPerDay: '0.00',
  basis: { ...basis, hoursCovered: 0, kwh: 0, samples: 0, gpus: 0, revenueLamports: '0' },
};

const estimate = {
  revenuePerDay: '14.00',
  revenueLamportsPerDay: null,
  powerKwhPerDay: 18,
  powerCostPerDay: '2.70',
  profitPerDay: '11.30',
  profitPerMonth: '339.00',
  breakEvenElectricityPrice: '0.777778',
  currency: 'USD',
  basis: {
    gpuModel: 'RTX 4090',
    rateCard: {
      model: 'RTX 4090',
      usdPerGpuHour: '0.35',
      powerW: 450,
      source: 'test',
      updated: '2026-11-25',
    },
    gpuCount: 2,
    powerW: 450,
    powerSource: 'rate_card',
    hoursPerDay: 20,
    electricityPrice: '0.15',
    kwh: 18,
    notes: ['Rate card figures are indicative, not a quote.'],
  },
};

function stack(over: ApiRoutes = {}) {
  return fakeApi({
    'GET /v1/me': () => account({ electricityPrice: '0.15', solPrice: '150' }),
    'GET /v1/devices': () => devices,
    [`GET /v1/devices/${RIG}/profitability`]: ({ url }) =>
      measured(Number(url.searchParams.get('days'))),
    [`GET /v1/devices/${NEW_RIG}/profitability`]: () => noData,
    'POST /v1/profitability/estimate': () => estimate,
    ...over,
  });
}

describe('ProfitabilityPage: measured profit', () => {
  it('shows each figure with its unit, the basis, and "not enough data" for a new device', async () => {
    stack();
    renderSignedIn(<ProfitabilityPage />);
    const table = await screen.findByTestId(testIds.profitability.measured);
    const row = (await within(table).findByRole('link', { name: 'rig-one' })).closest('tr');
    if (!row) throw new Error('no row');
    await within(row).findByText('15.00 USD');
    expect(within(row).getByText('0.1 SOL')).toBeInTheDocument();
    expect(within(row).getByText('13.71 kWh')).toBeInTheDocument();
    expect(within(row).getByText('4.11 USD')).toBeInTheDocument();
    const profit = within(row).getByText('10.89 USD');
    expect(profit).toHaveStyle({ color: createTheme().colors.success.text });
    expect(
      within(row).getByText('7-day window · 160 h of 168 h measured · avg 600 W · 2 GPUs'),
    ).toBeInTheDocument();

    const newRow = within(table).getByRole('link', { name: 'rig-new' }).closest('tr');
    if (!newRow) throw new Error('no row');
    expect(await within(newRow).findByText(/Not enough data yet/)).toBeInTheDocument();

    // The basis shows the power integral and the GPUs' own energy counters side by side.
    fireEvent.click(within(row).getByRole('button', { name: 'How measured' }));
    expect(await screen.findByText('Energy by the GPUs’ own counters')).toBeInTheDocument();
    expect(screen.getByText('98.5 kWh')).toBeInTheDocument();
    expect(screen.getByText('96 kWh')).toBeInTheDocument();
    expect(screen.getByText('150 h')).toBeInTheDocument();
  });

  it('asks for 30 days on the toggle and shows a loss in red', async () => {
    const api = stack();
    renderSignedIn(<ProfitabilityPage />);
    await screen.findByText('10.89 USD');
    fireEvent.click(screen.getByRole('radio', { name: '30 days' }));
    const loss = await screen.findByText('-1.25 USD');
    expect(loss).toHaveStyle({ color: createTheme().colors.error.text });
    expect(
      api
        .callsTo(`/v1/devices/${RIG}/profitability`)
        .map((call) => call.url.searchParams.get('days')),
    ).toEqual(['7', '30']);
  });

  it('shows why a device cannot be measured', async () => {
    stack({
      [`GET /v1/devices/${RIG}/profitability`]: () =>
        apiError(503, 'metrics_unavailable', 'Metrics storage (InfluxDB) is not configured.'),
    });
    renderSignedIn(<ProfitabilityPage />);
    expect(
      await screen.findByText('Metrics storage (InfluxDB) is not configured.'),
    ).toBeInTheDocument();
  });
});

describe('ProfitabilityPage: estimate', () => {
  it('prefills from the account and the devices, and renders the result', async () => {
    const api = stack();
    renderSignedIn(<ProfitabilityPage />);
    const form = await screen.findByTestId(testIds.profitability.estimate);
    const model = within(form).getByLabelText(/^GPU model/);
    await waitFor(() => expect(model).toHaveValue('NVIDIA GeForce RTX 4090'));
    expect(within(form).getByLabelText(/^Electricity price/)).toHaveValue('0.15');
    fireEvent.change(model, { target: { value: 'RTX 4090' } });
    fireEvent.change(within(form).getByLabelText(/^GPU count/), { target: { value: '2' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Estimate' }));

    const result = await screen.findByTestId(testIds.profitability.estimateResult);
    expect(api.callsTo('/v1/profitability/estimate')[0]?.body).toEqual({
      gpuModel: 'RTX 4090',
      gpuCount: 2,
      electricityPrice: '0.15',
      hoursPerDay: '20',
    });
    expect(within(result).getByText('14.00 USD')).toBeInTheDocument();
    expect(within(result).getByText('2.70 USD')).toBeInTheDocument();
    expect(within(result).getByText('11.30 USD')).toBeInTheDocument();
    expect(within(result).getByText('339.00 USD')).toBeInTheDocument();
    expect(within(result).getByText('18 kWh per day')).toBeInTheDocument();
    expect(within(result).getByText(/RTX 4090 at 0.35 USD per GPU-hour/)).toBeInTheDocument();
  });

  it('names bad input next to its field and sends nothing', async () => {
    const api = stack();
    renderSignedIn(<ProfitabilityPage />);
    const form = await screen.findByTestId(testIds.profitability.estimate);
    fireEvent.change(within(form).getByLabelText(/^GPU count/), { target: { value: '0' } });
    fireEvent.change(within(form).getByLabelText(/^Hours rented per day/), {
      target: { value: '25' },
    });
    fireEvent.click(within(form).getByRole('button', { name: 'Estimate' }));
    expect(await within(form).findByText('Enter a whole number from 1 to 64.')).toBeInTheDocument();
    expect(within(form).getByText('Enter hours from 0 to 24.')).toBeInTheDocument();
    expect(within(form).getByLabelText(/^GPU count/)).toHaveAttribute('aria-invalid', 'true');
    expect(api.callsTo('/v1/profitability/estimate')).toHaveLength(0);
  });

  it("shows the API's 400 message", async () => {
    stack({
      'POST /v1/profitability/estimate': () =>
        apiError(
          400,
          'unknown_gpu_model',
          'gpuModel: "GTX 1" is not on the rate card; known models include B200.',
        ),
    });
    renderSignedIn(<ProfitabilityPage />);
    const form = await screen.findByTestId(testIds.profitability.estimate);
    fireEvent.change(within(form).getByLabelText(/^GPU model/), { target: { value: 'GTX 1' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Estimate' }));
    expect(
      await screen.findByText(
        'gpuModel: "GTX 1" is not on the rate card; known models include B200.',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByTestId(testIds.profitability.estimateResult)).not.toBeInTheDocument();
  });
});
