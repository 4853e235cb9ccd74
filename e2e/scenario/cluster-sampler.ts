// For tests: polls a probe in the background and keeps what it saw, so a test
// can assert that something held the whole time (not only at the end).

export interface Sampler<T> {
  /** Every sample so far, oldest first, with when it was taken (ms since epoch). */
  readonly samples: ReadonlyArray<{ readonly at: number; readonly value: T }>;
  /** Stops polling and waits for the probe in flight. */
  stop(): Promise<void>;
}

/** Calls `probe` every `intervalMs` until stop(); a probe that throws records nothing that round. */
export function startSampler<T>(probe: () => Promise<T>, intervalMs = 200): Sampler<T> {
  const samples: Array<{ at: number; value: T }> = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      try {
        samples.push({ at: Date.now(), value: await probe() });
      } catch {
        // the apiserver may be briefly busy; the next round tries again
      }
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  })();
  return {
    samples,
    async stop() {
      running = false;
      await loop;
    },
  };
}

/** Polls `probe` every 250 ms until it returns a value (not undefined); throws after `timeoutMs`, naming `what` and the last value seen by `describe`. */
export async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number, describe: () => Promise<string> = async () => ''): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe().catch(() => undefined);
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${await describe().then((d) => (d ? `; last seen: ${d}` : ''), () => '')}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
