import { describe, expect, it } from 'vitest';
import { FLAP_WINDOW_MS, stepEpisode, type Episode } from './episodes.js';

const MINUTE = 60_000;
const start = Date.parse('2026-12-04T10:00:00Z');
const at = (minutes: number) => new Date(start + minutes * MINUTE);

/** Runs a condition through time: `[minute, active]` pairs; what was announced, and the end. */
function run(timeline: [number, boolean][], holdMs = 0) {
  let episode: Episode | null = null;
  const announced: string[] = [];
  for (const [minute, active] of timeline) {
    const step = stepEpisode(episode, active, holdMs, at(minute));
    if (step.announce) announced.push(`${minute}:${step.announce}`);
    episode = step.next;
  }
  return { announced, episode };
}

describe('an alert episode', () => {
  it('fires once after holding for the hold time, stays quiet while it holds, resolves once', () => {
    const { announced, episode } = run(
      [
        [0, true],
        [3, true],
        [5, true],
        [6, true],
        [20, true],
        [21, false],
        [22, false],
      ],
      5 * MINUTE,
    );
    expect(announced).toEqual(['5:firing', '21:resolved']);
    expect(episode).toMatchObject({ state: 'clear', notifiedStatus: 'resolved' });
  });

  it('says nothing of a condition that clears before its hold time, and forgets it', () => {
    const { announced, episode } = run(
      [
        [0, true],
        [4, true],
        [4.5, false],
      ],
      5 * MINUTE,
    );
    expect(announced).toEqual([]);
    expect(episode).toBeNull();
  });

  it('fires at once without a hold time', () => {
    expect(run([[0, true]]).announced).toEqual(['0:firing']);
  });

  it('forgets a resolved alert once it stayed clear for a flap window', () => {
    const minutes = FLAP_WINDOW_MS / MINUTE;
    const { episode } = run([
      [0, true],
      [1, false],
      [1 + minutes, false],
    ]);
    expect(episode).toBeNull();
  });

  it('damps flapping: the third firing within the window says so once, then nothing until it holds still', () => {
    const { announced, episode } = run([
      [0, true],
      [1, false],
      [2, true],
      [3, false],
      [4, true],
      [5, false],
      [6, true],
      [7, false],
      [8, true],
      [9, false],
      // Still for a whole window: it is clear, and the supplier was last told "firing".
      [39, false],
      [40, false],
    ]);
    expect(announced).toEqual([
      '0:firing',
      '1:resolved',
      '2:firing',
      '3:resolved',
      '4:flapping',
      '39:resolved',
    ]);
    expect(episode).toMatchObject({ flapping: false, notifiedStatus: 'resolved' });
  });

  it('a flapping alert that settles firing is announced firing once', () => {
    const { announced } = run([
      [0, true],
      [1, false],
      [2, true],
      [3, false],
      [4, true],
      [5, false],
      [6, true],
      [36, true],
      [37, true],
    ]);
    expect(announced).toEqual(['0:firing', '1:resolved', '2:firing', '3:resolved', '4:flapping']);
    // The flapping announcement was a firing one, and it still fires: nothing new to say.
  });

  it('three firings spread wider than the window are not flapping', () => {
    const { announced } = run([
      [0, true],
      [1, false],
      [20, true],
      [21, false],
      [40, true],
    ]);
    expect(announced).toEqual(['0:firing', '1:resolved', '20:firing', '21:resolved', '40:firing']);
  });
});
