/**
 * A keyed work queue: one reconcile per Canary at a time, keys run in the
 * order they were added, a change that arrives mid-reconcile runs it again
 * afterwards, and delayed requeues keep only the earliest wake-up per key.
 * A failed reconcile (`RETRY`, or a throw) comes back after a per-key
 * exponential backoff, as client-go's ItemExponentialFailureRateLimiter does.
 */

/** The worker's answer "this failed, try again later": retried with the key's backoff. */
export const RETRY = Object.freeze({ retry: true } as const);
export type Retry = typeof RETRY;

/** Milliseconds until the next run, nothing (no requeue), or RETRY. */
export type WorkResult = number | undefined | Retry;
export type Worker = (key: string) => Promise<WorkResult>;

/** True when a worker's result asks for a retry with backoff. */
export function isRetry(result: WorkResult): result is Retry {
  return typeof result === 'object' && result !== null && result.retry === true;
}

export interface Backoff {
  /** Delay after the first failure, in ms (client-go's baseDelay). */
  baseMs: number;
  /** Longest delay, in ms (client-go's maxDelay). */
  capMs: number;
}

/** 1 s doubling up to 5 min, no jitter. */
export const DEFAULT_BACKOFF: Backoff = Object.freeze({ baseMs: 1_000, capMs: 300_000 });

/**
 * The delay before retry number `failuresBefore + 1`: `baseMs * 2^failuresBefore`,
 * at most `capMs` (client-go workqueue's ItemExponentialFailureRateLimiter.When,
 * https://github.com/kubernetes/client-go/blob/master/util/workqueue/default_rate_limiters.go).
 */
export function backoffDelayMs(failuresBefore: number, backoff: Backoff = DEFAULT_BACKOFF): number {
  return Math.min(backoff.capMs, backoff.baseMs * 2 ** failuresBefore);
}

/** The longest delay a Node timer holds (2^31 - 1 ms); a longer one fires after 1 ms. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

export interface WorkQueueOptions {
  backoff?: Backoff;
  /** Called for each failure that is retried (RETRY or a throw): the retries metric. */
  onRetry?: (key: string, delayMs: number, failures: number) => void;
}

export class WorkQueue {
  private readonly pending = new Set<string>();
  private readonly running = new Set<string>();
  private readonly dirty = new Set<string>();
  private readonly timers = new Map<string, { at: number; timer: NodeJS.Timeout }>();
  private readonly failures = new Map<string, number>();
  private readonly order: string[] = [];
  private active = 0;
  private stopped = false;
  private pumpScheduled = false;

  constructor(
    private readonly worker: Worker,
    private readonly concurrency = 4,
    private readonly onError: (key: string, error: unknown) => void = () => {},
    private readonly options: WorkQueueOptions = {},
  ) {}

  add(key: string): void {
    if (this.stopped) return;
    if (this.running.has(key)) {
      this.dirty.add(key);
      return;
    }
    if (this.pending.has(key)) return;
    this.pending.add(key);
    this.order.push(key);
    this.pump();
  }

  /**
   * Runs `key` after `delayMs` (ms; negative: at once). A delay longer than a
   * timer holds (MAX_TIMER_MS, about 24.8 days: Node would fire it after
   * 1 ms), Infinity or NaN waits MAX_TIMER_MS; the periodic resync looks
   * at the key long before.
   */
  addAfter(key: string, delayMs: number): void {
    if (this.stopped) return;
    delayMs = Number.isNaN(delayMs) ? MAX_TIMER_MS : Math.min(MAX_TIMER_MS, Math.max(0, delayMs));
    const at = Date.now() + delayMs;
    const existing = this.timers.get(key);
    if (existing && existing.at <= at) return;
    if (existing) clearTimeout(existing.timer);
    const timer = setTimeout(() => {
      this.timers.delete(key);
      this.add(key);
    }, delayMs);
    timer.unref?.();
    this.timers.set(key, { at, timer });
  }

  /** Failures of `key` since its last success (client-go's NumRequeues); 0 when none. */
  failuresOf(key: string): number {
    return this.failures.get(key) ?? 0;
  }

  /**
   * Takes no new work and drops what waits (the next leader, or this one
   * after a restart, lists every Canary again), then waits for the running
   * reconciles up to `graceMs`. Resolves with how many finished in time and
   * how many were still running; never rejects.
   */
  async stop(graceMs = 0): Promise<{ dropped: number; finished: number; abandoned: number }> {
    this.stopped = true;
    for (const { timer } of this.timers.values()) clearTimeout(timer);
    const dropped = this.order.length + this.timers.size;
    this.timers.clear();
    this.order.length = 0;
    this.pending.clear();
    this.dirty.clear();
    this.failures.clear();
    const running = this.active;
    const deadline = Date.now() + graceMs;
    while (this.active > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, Math.min(10, Math.max(1, deadline - Date.now()))));
    return { dropped, finished: running - this.active, abandoned: this.active };
  }

  /** Keys waiting to run (queued now or on a timer), for the queue-depth metric. */
  depth(): number {
    return this.order.length + this.timers.size;
  }

  /** Resolves when nothing is queued or running (for tests and shutdown). */
  async idle(): Promise<void> {
    while (this.active > 0 || this.order.length > 0) await new Promise((r) => setTimeout(r, 10));
  }

  private pump(): void {
    while (!this.stopped && this.active < this.concurrency && this.order.length > 0) {
      const key = this.order.shift()!;
      this.pending.delete(key);
      this.running.add(key);
      this.active += 1;
      void this.run(key);
    }
  }

  private async run(key: string): Promise<void> {
    let result: WorkResult;
    try {
      result = await this.worker(key);
    } catch (error) {
      this.onError(key, error);
      result = RETRY;
    }
    this.running.delete(key);
    this.active -= 1;
    if (this.stopped) return;
    const requeueMs = isRetry(result) ? this.retryDelay(key) : this.forget(key, result);
    if (this.dirty.delete(key)) this.add(key);
    else if (requeueMs !== undefined) this.addAfter(key, requeueMs);
    this.pumpSoon();
  }

  /**
   * Starts the next reconciles on the event loop's next turn, not in this
   * one's microtasks: a reconcile served wholly from the informer caches never
   * waits on I/O, so chained directly a thousand of them (a resync) would run
   * without letting a timer fire, the leader's Lease renewal among them.
   */
  private pumpSoon(): void {
    if (this.pumpScheduled) return;
    this.pumpScheduled = true;
    setImmediate(() => {
      this.pumpScheduled = false;
      this.pump();
    });
  }

  /** Counts one more failure of `key` and answers its backoff. */
  private retryDelay(key: string): number {
    const before = this.failuresOf(key);
    const delayMs = backoffDelayMs(before, this.options.backoff);
    this.failures.set(key, before + 1);
    this.options.onRetry?.(key, delayMs, before + 1);
    return delayMs;
  }

  /** A result that is not a retry: the key's failures are forgotten. */
  private forget(key: string, requeueMs: number | undefined): number | undefined {
    this.failures.delete(key);
    return requeueMs;
  }
}
