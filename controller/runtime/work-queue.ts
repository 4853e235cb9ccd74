/**
 * A keyed work queue: one reconcile per Canary at a time, a change that
 * arrives mid-reconcile runs it again afterwards, and delayed requeues keep
 * only the earliest wake-up per key.
 */
export type Worker = (key: string) => Promise<number | undefined>;

export class WorkQueue {
  private readonly pending = new Set<string>();
  private readonly running = new Set<string>();
  private readonly dirty = new Set<string>();
  private readonly timers = new Map<string, { at: number; timer: NodeJS.Timeout }>();
  private readonly order: string[] = [];
  private active = 0;
  private stopped = false;

  constructor(
    private readonly worker: Worker,
    private readonly concurrency = 4,
    private readonly onError: (key: string, error: unknown) => void = () => {},
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

  addAfter(key: string, delayMs: number): void {
    if (this.stopped) return;
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
    let requeueMs: number | undefined;
    try {
      requeueMs = await this.worker(key);
    } catch (error) {
      this.onError(key, error);
      requeueMs = 5_000;
    }
    this.running.delete(key);
    this.active -= 1;
    if (this.stopped) return;
    if (this.dirty.delete(key)) this.add(key);
    else if (requeueMs !== undefined) this.addAfter(key, requeueMs);
    this.pump();
  }
}
