import type { DeviceState, DeviceStatus } from '@ioworker/contract';
import type { LatestSample } from '../../db/database.js';
import type { EventBus } from '../../events/event-bus.js';
import type { toJob } from '../jobs/job.presenter.js';
import type { toNotification } from '../notifications/notification.presenter.js';

/** What each live event carries (as JSON); browsers read these types through the API package. */
export type LiveEventData = {
  'device.status': {
    deviceId: string;
    status: Exclude<DeviceStatus, 'pending'>;
    lastSeenAt: string | null;
  };
  /** Paused or resumed by its owner; `state` as `Device.state` has it now. */
  'device.state': {
    deviceId: string;
    state: DeviceState | null;
    pausedAt: string | null;
  };
  'device.sample': {
    deviceId: string;
    at: string;
    gpus: Pick<
      LatestSample['gpus'][number],
      'index' | 'temperatureC' | 'powerW' | 'utilizationPct'
    >[];
  };
  job: ReturnType<typeof toJob>;
  earning: { jobId: string; deviceId: string; amountLamports: string | null };
  notification: ReturnType<typeof toNotification>;
  /** Sessions that ended (sign-out, password change, revoke): their streams close. */
  'session.ended': { sessionIds: string[] };
  /** Personal API tokens that were revoked: streams opened with them close. */
  'token.revoked': { tokenIds: string[] };
  /** A device was deleted or enrolled anew: every instance forgets its cached credential. */
  'device.revoked': { deviceId: string };
};
export type AccountEventType = keyof LiveEventData;
export type AccountEvent = {
  [Type in AccountEventType]: { type: Type; data: LiveEventData[Type] };
}[AccountEventType];

/** The app's bus: live events for one account at a time. */
export type LiveEventBus = EventBus<AccountEvent>;
