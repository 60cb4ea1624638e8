import { describe, expect, it } from 'vitest';
import { explainXid, XID_CATALOG } from './xid-catalog.js';

describe('the Xid catalog', () => {
  it('explains every Xid NVIDIA documents as needing action, each with its source', () => {
    const required = [13, 31, 43, 45, 48, 61, 62, 63, 64, 74, 79, 92, 94, 95, 119, 120];
    for (const xid of required) {
      const info = XID_CATALOG.get(xid);
      expect(info, `Xid ${xid}`).toBeDefined();
      expect(info?.meaning.length).toBeGreaterThan(10);
      expect(info?.action.length).toBeGreaterThan(10);
      expect(info?.source).toMatch(/^https:\/\/docs\.nvidia\.com\/deploy\/xid-errors\//);
    }
  });

  it('answers for an Xid it does not list, without inventing a meaning', () => {
    expect(explainXid(999)).toMatchObject({ xid: 999, name: 'Xid 999', severity: 'watch' });
    expect(explainXid(79).name).toBe('GPU has fallen off the bus');
  });
});
