import { describe, expect, it } from 'vitest';
import { MAX_WATCHED, parseWatchList } from './watch-list.js';

describe('watch list', () => {
  it('reads KIND:NAME entries, comma-separated or repeated, once each', () => {
    expect(
      parseWatchList([
        'systemd:ray-worker, container:job-runtime',
        'windows:My.Svc_1',
        'systemd:ray-worker',
      ]),
    ).toEqual({
      watched: [
        { kind: 'systemd', unit: 'ray-worker', name: 'systemd:ray-worker' },
        { kind: 'container', unit: 'job-runtime', name: 'container:job-runtime' },
        { kind: 'windows', unit: 'My.Svc_1', name: 'windows:My.Svc_1' },
      ],
      problems: [],
    });
  });

  it.each([
    ['ray-worker', /is not KIND:NAME/],
    ['launchd:ray', /is not KIND:NAME/],
    ['systemd:', /NAME must start/],
    ['systemd:--user', /NAME must start/],
    ['windows:My Service', /NAME must start/],
    [`container:${'a'.repeat(128)}`, /longer than 128/],
  ])('refuses %j', (entry, problem) => {
    const { watched, problems } = parseWatchList([entry]);
    expect(watched).toEqual([]);
    expect(problems).toEqual([expect.stringMatching(problem)]);
  });

  it('keeps within the series budget of service names, less the built-in ones', () => {
    const entries = Array.from({ length: MAX_WATCHED + 1 }, (_, index) => `systemd:unit-${index}`);
    expect(MAX_WATCHED).toBe(29);
    expect(parseWatchList(entries.slice(1)).problems).toEqual([]);
    expect(parseWatchList(entries).problems).toEqual([
      `at most ${MAX_WATCHED} services can be watched (${MAX_WATCHED + 1} given)`,
    ]);
  });
});
