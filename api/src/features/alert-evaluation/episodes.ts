import type { EpisodeState } from '../../db/database.js';

/** What the evaluator remembers of one condition on one device. */
export type Episode = {
  state: EpisodeState;
  since: Date;
  notifiedStatus: 'firing' | 'resolved' | null;
  firedCount: number;
  flapWindowStart: Date | null;
  flapping: boolean;
  changedAt: Date;
};

/** What the supplier is told of a step: an alert firing or resolving, or that it flaps. */
export type Announcement = 'firing' | 'resolved' | 'flapping';

export type Step = {
  /** null: nothing worth remembering (the row goes). */
  next: Episode | null;
  announce?: Announcement;
};

/**
 * Firing this many times within FLAP_WINDOW_MS is flapping: the alert is announced as such once,
 * then kept quiet until it holds still for a whole window (minerstat and Nagios do the same).
 */
export const FLAP_LIMIT = 3;
export const FLAP_WINDOW_MS = 30 * 60 * 1000;

function fire(episode: Episode | null, now: Date): Step {
  const windowOpen =
    episode?.flapWindowStart && now.getTime() - episode.flapWindowStart.getTime() < FLAP_WINDOW_MS;
  const firedCount = (windowOpen ? (episode?.firedCount ?? 0) : 0) + 1;
  const wasFlapping = episode?.flapping ?? false;
  const flapping = wasFlapping || firedCount >= FLAP_LIMIT;
  const next: Episode = {
    state: 'firing',
    since: now,
    notifiedStatus: episode?.notifiedStatus ?? null,
    firedCount,
    flapWindowStart: windowOpen ? (episode?.flapWindowStart ?? now) : now,
    flapping,
    changedAt: now,
  };
  if (wasFlapping) return { next };
  const announce = flapping ? 'flapping' : 'firing';
  return { next: { ...next, notifiedStatus: 'firing' }, announce };
}

function clear(episode: Episode, now: Date): Step {
  const next: Episode = { ...episode, state: 'clear', since: now, changedAt: now };
  if (episode.flapping || episode.notifiedStatus !== 'firing') return { next };
  return { next: { ...next, notifiedStatus: 'resolved' }, announce: 'resolved' };
}

/** A flapping alert that held still for a whole window: say where it ended up, if news. */
function settle(episode: Episode, now: Date): Step {
  const next: Episode = { ...episode, flapping: false, firedCount: 0, flapWindowStart: null };
  if (episode.state === 'firing' && episode.notifiedStatus !== 'firing') {
    return { next: { ...next, notifiedStatus: 'firing', changedAt: now }, announce: 'firing' };
  }
  if (episode.state !== 'firing' && episode.notifiedStatus === 'firing') {
    return { next: { ...next, notifiedStatus: 'resolved', changedAt: now }, announce: 'resolved' };
  }
  return { next };
}

/**
 * One evaluation of a condition: `active` whether it holds now, `holdMs` how long it must hold
 * before it fires. Pure, so the whole life of an alert is testable without a clock.
 */
export function stepEpisode(
  episode: Episode | null,
  active: boolean,
  holdMs: number,
  now: Date,
): Step {
  const quietFor = episode ? now.getTime() - episode.changedAt.getTime() : 0;
  if (episode?.flapping && quietFor >= FLAP_WINDOW_MS) {
    const settled = settle(episode, now);
    if (settled.announce || !settled.next) return settled;
    episode = settled.next;
  }
  if (!episode || episode.state === 'clear') {
    if (!active) {
      const forgettable = !episode || (!episode.flapping && quietFor >= FLAP_WINDOW_MS);
      return { next: forgettable ? null : episode };
    }
    if (holdMs <= 0) return fire(episode, now);
    const pending: Episode = episode
      ? { ...episode, state: 'pending', since: now, changedAt: now }
      : {
          state: 'pending',
          since: now,
          notifiedStatus: null,
          firedCount: 0,
          flapWindowStart: null,
          flapping: false,
          changedAt: now,
        };
    return { next: pending };
  }
  if (episode.state === 'pending') {
    if (!active) {
      if (episode.firedCount === 0 && !episode.flapping) return { next: null };
      return { next: { ...episode, state: 'clear', since: now, changedAt: now } };
    }
    return now.getTime() - episode.since.getTime() >= holdMs
      ? fire(episode, now)
      : { next: episode };
  }
  return active ? { next: episode } : clear(episode, now);
}
