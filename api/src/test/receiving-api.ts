import { startReceiver, type Receiver } from '../features/channels/senders/test/receiver.js';
import { startTestApi, type TestApi } from './test-api.js';

export type ReceivingApi = { api: TestApi; receiver: Receiver; stop(): Promise<void> };

/**
 * A local receiver for webhooks, and a test API allowed to deliver to it on loopback
 * (WEBHOOK_ALLOW_PRIVATE). `env` sets what else the file needs: delivery and evaluation timings.
 */
export async function startApiWithReceiver(env: Record<string, string>): Promise<ReceivingApi> {
  const receiver = await startReceiver();
  try {
    const api = await startTestApi({ WEBHOOK_ALLOW_PRIVATE: 'true', ...env });
    return {
      api,
      receiver,
      async stop() {
        await api.close();
        await receiver.close();
      },
    };
  } catch (error) {
    await receiver.close();
    throw error;
  }
}
