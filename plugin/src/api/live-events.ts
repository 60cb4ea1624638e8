import type { AccountEventType, LiveEventData } from '@ioworker/api';

type Listener<Type extends AccountEventType> = (data: LiveEventData[Type]) => void;
export type ConnectionListener = (connected: boolean) => void;

/**
 * The tab's one Server-Sent Events stream (browsers allow six connections per origin, so
 * pages share it): opened on the first subscriber, closed after the last one leaves.
 */
export class LiveEvents {
  private source: EventSource | undefined;
  private readonly listeners = new Map<AccountEventType, Set<(data: never) => void>>();
  private readonly connectionListeners = new Set<ConnectionListener>();
  private connected = false;

  constructor(private readonly baseUrl: string) {}

  subscribe<Type extends AccountEventType>(type: Type, listener: Listener<Type>): () => void {
    const forType = this.listeners.get(type) ?? new Set();
    forType.add(listener as (data: never) => void);
    this.listeners.set(type, forType);
    this.open();
    if (forType.size === 1) this.source?.addEventListener(type, this.dispatch);
    return () => {
      forType.delete(listener as (data: never) => void);
      if (forType.size === 0) this.source?.removeEventListener(type, this.dispatch);
      this.closeWhenUnused();
    };
  }

  onConnection(listener: ConnectionListener): () => void {
    this.connectionListeners.add(listener);
    listener(this.connected);
    return () => this.connectionListeners.delete(listener);
  }

  private readonly dispatch = (event: Event) => {
    const message = event as MessageEvent<string>;
    let data: unknown;
    try {
      data = JSON.parse(message.data);
    } catch {
      return;
    }
    for (const listener of this.listeners.get(event.type as AccountEventType) ?? []) {
      listener(data as never);
    }
  };

  private open(): void {
    if (this.source || typeof EventSource === 'undefined') return;
    const source = new EventSource(`${this.baseUrl.replace(/\/+$/, '')}/v1/events`, {
      withCredentials: true,
    });
    source.addEventListener('ready', () => this.setConnected(true));
    source.addEventListener('error', () => this.setConnected(false));
    for (const type of this.listeners.keys()) source.addEventListener(type, this.dispatch);
    this.source = source;
  }

  private closeWhenUnused(): void {
    const used = [...this.listeners.values()].some((set) => set.size > 0);
    if (used || !this.source) return;
    this.source.close();
    this.source = undefined;
    this.setConnected(false);
  }

  private setConnected(connected: boolean): void {
    if (this.connected === connected) return;
    this.connected = connected;
    for (const listener of this.connectionListeners) listener(connected);
  }
}
