import React, { useState } from 'react';
import { fireEvent, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { UptimeDay } from './uptime';
import { UptimeBar, type UptimeRange } from './UptimeBar';

/** `count` days ending 2026-11-25; `ratio(i)` gives day i's ratio (0 = oldest). */
function makeDays(count: number, ratio: (index: number) => number | null): UptimeDay[] {
  const last = Date.UTC(2026, 10, 25);
  return Array.from({ length: count }, (_, index) => ({
    date: new Date(last - (count - 1 - index) * 86_400_000).toISOString().slice(0, 10),
    uptimeRatio: ratio(index),
  }));
}

function bars() {
  return within(screen.getByRole('list', { name: /daily uptime/i })).getAllByRole('listitem');
}

function bar(index: number): HTMLElement {
  const found = bars()[index];
  if (!found) throw new Error(`no bar ${index}`);
  return found;
}

describe('UptimeBar', () => {
  it('draws one bar per day, coloured by ratio, grey before the device existed', () => {
    const ratios = [null, null, 1, 0.995, 0.95, 0.5, 0];
    render(
      <UptimeBar
        days={makeDays(ratios.length, (index) => ratios[index] ?? null)}
        range={30}
        onRangeChange={() => {}}
      />,
    );
    expect(bars().map((bar) => bar.getAttribute('data-level'))).toEqual([
      'none',
      'none',
      'up',
      'up',
      'degraded',
      'down',
      'down',
    ]);
    expect(bars()[0]).toHaveAccessibleName(
      'Thu, 19 Nov 2026: no data (before the device was added)',
    );
    expect(bars()[4]).toHaveAccessibleName('Mon, 23 Nov 2026: 95% uptime');
  });

  it('summarises the days the device existed', () => {
    render(
      <UptimeBar
        days={makeDays(30, (index) => (index < 27 ? null : ([1, 0.97, 0.5][index - 27] ?? null)))}
        range={30}
        onRangeChange={() => {}}
      />,
    );
    // (1 + 0.97 + 0.5) / 3
    expect(screen.getByText('82.33%')).toBeInTheDocument();
    expect(screen.getByText(/over 3 days · 2 days below 99%/)).toBeInTheDocument();
  });

  it('says so when no day has data', () => {
    render(<UptimeBar days={makeDays(30, () => null)} range={30} onRangeChange={() => {}} />);
    expect(screen.getByText('No data yet for this period')).toBeInTheDocument();
    expect(bars().every((bar) => bar.getAttribute('data-level') === 'none')).toBe(true);
  });

  it('shows 30 or 90 days as the toggle asks', async () => {
    const onRangeChange = vi.fn();
    function Harness() {
      const [range, setRange] = useState<UptimeRange>(30);
      return (
        <UptimeBar
          days={makeDays(range, () => 1)}
          range={range}
          onRangeChange={(next) => {
            onRangeChange(next);
            setRange(next);
          }}
        />
      );
    }
    render(<Harness />);
    expect(bars()).toHaveLength(30);
    expect(screen.getByText('30 days ago')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('radio', { name: '90 days' }));
    expect(onRangeChange).toHaveBeenCalledWith(90);
    expect(bars()).toHaveLength(90);
    expect(screen.getByText('90 days ago')).toBeInTheDocument();
  });

  it('shows a skeleton, not bars, while loading', () => {
    render(<UptimeBar days={undefined} range={30} onRangeChange={() => {}} />);
    expect(screen.queryByRole('list', { name: /daily uptime/i })).not.toBeInTheDocument();
    expect(screen.getByTestId('uptime-loading')).toBeInTheDocument();
  });

  it('is one tab stop; arrow keys move between days and the tooltip follows focus', async () => {
    const user = userEvent.setup();
    render(
      <UptimeBar
        days={makeDays(30, (index) => (index === 28 ? 0.9712 : 1))}
        range={30}
        onRangeChange={() => {}}
      />,
    );
    const all = bars();
    expect(all.filter((bar) => bar.tabIndex === 0)).toEqual([all[29]]);

    await user.tab(); // the 30/90 toggle
    await user.tab();
    expect(all[29]).toHaveFocus();
    expect(await screen.findByRole('tooltip')).toHaveTextContent('Wed, 25 Nov 2026: 100% uptime');

    await user.keyboard('{ArrowLeft}');
    expect(all[28]).toHaveFocus();
    expect(await screen.findByRole('tooltip')).toHaveTextContent('Tue, 24 Nov 2026: 97.12% uptime');

    await user.keyboard('{Home}');
    expect(all[0]).toHaveFocus();
    expect(all[0]).toHaveAttribute('tabindex', '0');
  });

  it('shows the tooltip on hover and hides it when the pointer leaves', async () => {
    render(
      <UptimeBar
        days={makeDays(30, (index) => (index === 0 ? null : 1))}
        range={30}
        onRangeChange={() => {}}
      />,
    );
    fireEvent.mouseEnter(bar(0));
    expect(await screen.findByRole('tooltip')).toHaveTextContent(
      'Tue, 27 Oct 2026: no data (before the device was added)',
    );
    fireEvent.mouseLeave(screen.getByRole('list', { name: /daily uptime/i }));
    expect(screen.queryByRole('tooltip')).not.toBeInTheDocument();
  });
});
