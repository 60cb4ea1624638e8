import React from 'react';
import { screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { fakeApi, renderSignedIn } from '../../../test/fake-api';
import { testIds } from '../../testIds';
import { DeviceInsights } from './DeviceInsights';
import type { DeviceInsights as DeviceInsightsBody } from './types';

const below: DeviceInsightsBody = {
  insights: [
    {
      kind: 'below_cohort',
      deviceId: 'd1',
      deviceName: 'rig-1',
      message: 'rig-1 earned 75 % less per GPU-hour over 30 days than the median NVIDIA H100.',
    },
  ],
  cohort: {
    model: 'NVIDIA H100',
    devicePerGpuHourLamports: '50000',
    cohortMedianPerGpuHourLamports: '200000',
    accounts: 5,
    devices: 9,
  },
};

describe('DeviceInsights', () => {
  it('shows the insights and the cohort comparison', async () => {
    fakeApi({ 'GET /v1/devices/d1/insights': () => below });
    renderSignedIn(<DeviceInsights deviceId="d1" />);
    expect(await screen.findByText('Earns below its GPU model')).toBeInTheDocument();
    expect(screen.getByText(/75 % less per GPU-hour/)).toBeInTheDocument();
    expect(screen.getByTestId(testIds.device.insights)).toHaveTextContent(
      'Last 30 days: 0.00005 SOL per GPU-hour; the median NVIDIA H100 on the platform earns 0.0002 SOL (9 devices, 5 accounts).',
    );
  });

  it('stays out of the way when there is nothing to say', async () => {
    let answered = false;
    fakeApi({
      'GET /v1/devices/d1/insights': () => {
        answered = true;
        return { insights: [], cohort: null };
      },
    });
    renderSignedIn(<DeviceInsights deviceId="d1" />);
    await vi.waitFor(() => expect(answered).toBe(true));
    await vi.waitFor(() => expect(document.querySelector('.react-loading-skeleton')).toBeNull());
    expect(screen.queryByTestId(testIds.device.insights)).not.toBeInTheDocument();
  });
});
