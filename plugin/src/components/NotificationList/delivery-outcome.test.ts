import { describe, expect, it } from 'vitest';
import { delivery } from '../../../test/fixtures';
import { describeDelivery } from './delivery-outcome';

describe('describeDelivery', () => {
  it('says a delivery was sent', () => {
    expect(describeDelivery(delivery({ status: 'sent', attempts: 1 }), 'UTC')).toMatchObject({
      text: 'Sent',
      tone: 'success',
    });
  });

  it('gives a failure with its last error', () => {
    const failed = delivery({ status: 'failed', attempts: 5, error: 'HTTP 404' });
    expect(describeDelivery(failed, 'UTC')).toMatchObject({
      text: 'Failed: HTTP 404',
      tone: 'error',
    });
    expect(describeDelivery({ ...failed, error: null }, 'UTC').text).toBe('Failed');
  });

  it('calls a pending delivery not tried yet queued', () => {
    expect(describeDelivery(delivery({ status: 'pending', attempts: 0 }), 'UTC')).toMatchObject({
      text: 'Queued',
      tone: 'secondary',
    });
  });

  it('gives a retry its next attempt and when, in the account’s time zone', () => {
    const retrying = delivery({
      status: 'pending',
      attempts: 1,
      error: 'timeout',
      nextAttemptAt: '2026-11-25T14:05:00.000Z',
    });
    expect(describeDelivery(retrying, 'Europe/Berlin')).toMatchObject({
      text: 'Retrying (attempt 2, next at 25 Nov 2026, 15:05)',
      tone: 'warning',
    });
  });
});
