import React from 'react';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { apiError, fakeApi, renderSignedIn } from '../../../test/fake-api';
import type { Insight } from '../../components/InsightList/InsightList';
import { InsightsPanel } from './InsightsPanel';

const idle: Insight = {
  kind: 'idle',
  deviceId: 'd1',
  deviceName: 'rig-1',
  since: '2026-11-25T02:00:00Z',
  hours: 8,
  message: 'rig-1 is online but has been idle for 8 h: no job, GPUs under 5 % busy.',
};

describe('InsightsPanel', () => {
  it('lists each insight with its device and a link to it', async () => {
    fakeApi({ 'GET /v1/insights': () => ({ insights: [idle] }) });
    renderSignedIn(<InsightsPanel />);
    const item = await screen.findByRole('listitem');
    expect(within(item).getByText('rig-1: Online but idle')).toBeInTheDocument();
    expect(item).toHaveTextContent('idle for 8 h');
    expect(within(item).getByRole('link', { name: 'Open rig-1' })).toHaveAttribute(
      'href',
      expect.stringMatching(/\/devices\/d1$/),
    );
  });

  it('says when nothing stands out', async () => {
    fakeApi({ 'GET /v1/insights': () => ({ insights: [] }) });
    renderSignedIn(<InsightsPanel />);
    expect(await screen.findByText(/Nothing stands out/)).toBeInTheDocument();
  });

  it('shows the API’s error with a retry', async () => {
    let fail = true;
    fakeApi({
      'GET /v1/insights': () =>
        fail ? apiError(503, 'unavailable', 'The database is busy.') : { insights: [idle] },
    });
    renderSignedIn(<InsightsPanel />);
    expect(await screen.findByText('The database is busy.')).toBeInTheDocument();
    fail = false;
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('listitem')).toBeInTheDocument();
  });
});
