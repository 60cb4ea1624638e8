export type SseEvent = { event: string; data: unknown };

/** A real SSE client over fetch: collects events until `stop()`. */
export function subscribeToEvents(baseUrl: string, token: string) {
  const controller = new AbortController();
  const received: SseEvent[] = [];
  const opened = fetch(`${baseUrl}/v1/events`, {
    headers: { authorization: `Bearer ${token}` },
    signal: controller.signal,
  });
  const reading = opened
    .then(async (response) => {
      const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += value;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event && data) received.push({ event, data: JSON.parse(data) });
        }
      }
    })
    .catch(() => undefined);
  return {
    opened,
    received,
    /** Settles when the server ends the stream. */
    ended: reading,
    async waitFor(predicate: (event: SseEvent) => boolean, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const found = received.find(predicate);
        if (found) return found;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error(
        `no matching event; got ${JSON.stringify(received.map((event) => event.event))}`,
      );
    },
    async stop() {
      controller.abort();
      await reading;
    },
  };
}
