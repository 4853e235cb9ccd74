import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { backoffDelayMs, isRetry, RETRY, WorkQueue, type WorkResult } from './work-queue.js';

const tick = (ms = 20) => new Promise((r) => setTimeout(r, ms));

describe('WorkQueue', () => {
  it('never runs the same key twice at once, and reruns it when changed mid-run', async () => {
    let concurrent = 0;
    let maxConcurrent = 0;
    let runs = 0;
    const queue = new WorkQueue(async () => {
      concurrent += 1;
      maxConcurrent = Math.max(maxConcurrent, concurrent);
      runs += 1;
      await tick(30);
      concurrent -= 1;
      return undefined;
    });
    queue.add('shop/podinfo');
    await tick(5);
    queue.add('shop/podinfo');
    queue.add('shop/podinfo');
    await tick(100);
    await queue.idle();
    expect(maxConcurrent).toBe(1);
    expect(runs).toBe(2);
    await queue.stop();
  });

  it('lets a timer fire while a thousand reconciles that never wait on I/O run (the Lease renewal is a timer)', async () => {
    let done = 0;
    let doneWhenTimerFired: number | undefined;
    const queue = new WorkQueue(async () => {
      done += 1;
      return undefined;
    });
    setTimeout(() => (doneWhenTimerFired = done), 0);
    for (let i = 0; i < 1_000; i++) queue.add(`team/svc-${i}`);
    await queue.idle();
    expect(done).toBe(1_000);
    expect(doneWhenTimerFired).toBeDefined();
    expect(doneWhenTimerFired!).toBeLessThan(1_000);
    await queue.stop();
  });

  it('requeues after the delay the worker returns', async () => {
    const seen: number[] = [];
    const queue = new WorkQueue(async () => {
      seen.push(Date.now());
      return seen.length < 2 ? 50 : undefined;
    });
    queue.add('a/b');
    await tick(150);
    expect(seen).toHaveLength(2);
    expect(seen[1]! - seen[0]!).toBeGreaterThanOrEqual(45);
    await queue.stop();
  });

  it('keeps working after a worker throws, and reports the error', async () => {
    const errors: string[] = [];
    let calls = 0;
    const queue = new WorkQueue(
      async (key) => {
        calls += 1;
        if (key === 'bad/one') throw new Error('boom');
        return undefined;
      },
      2,
      (key) => errors.push(key),
    );
    queue.add('bad/one');
    queue.add('good/one');
    await tick(30);
    expect(errors).toEqual(['bad/one']);
    expect(calls).toBe(2);
    await queue.stop();
  });

  it('stops within its grace with 1,000 keys queued: what waits is dropped, what runs may finish, nothing new starts', async () => {
    let started = 0;
    let finished = 0;
    const queue = new WorkQueue(async () => {
      started += 1;
      await tick(50);
      finished += 1;
      return 1_000;
    }, 4);
    for (let i = 0; i < 1_000; i += 1) queue.add(`ns/canary-${i}`);
    await tick(5);
    expect(queue.depth()).toBe(996);
    const began = Date.now();
    const stopped = await queue.stop(2_000);
    expect(Date.now() - began).toBeLessThan(500);
    expect(stopped).toEqual({ dropped: 996, finished: 4, abandoned: 0 });
    await tick(100);
    expect({ started, finished }).toEqual({ started: 4, finished: 4 });
    expect(queue.depth()).toBe(0);
  });

  it('gives up waiting for a reconcile that outlives the grace, and says so', async () => {
    const queue = new WorkQueue(() => new Promise<undefined>(() => {}), 2);
    queue.add('ns/stuck');
    await tick(5);
    const began = Date.now();
    const stopped = await queue.stop(200);
    expect(Date.now() - began).toBeGreaterThanOrEqual(190);
    expect(Date.now() - began).toBeLessThan(1_000);
    expect(stopped).toEqual({ dropped: 0, finished: 0, abandoned: 1 });
  });
});

describe('WorkQueue order and timers', () => {
  it('runs keys in the order they were added when workers are scarce', async () => {
    const ran: string[] = [];
    const queue = new WorkQueue(async (key) => {
      ran.push(key);
      await tick(5);
      return undefined;
    }, 1);
    for (const key of ['ns/c', 'ns/a', 'ns/b', 'ns/a']) queue.add(key);
    await queue.idle();
    expect(ran).toEqual(['ns/c', 'ns/a', 'ns/b']);
    await queue.stop();
  });
});

describe('WorkQueue wake-ups beyond what a timer holds', () => {
  // Node fires a setTimeout longer than 2^31-1 ms (24.8 days) after 1 ms: a Canary whose analysis
  // interval is "1000h" would be reconciled in a loop. Such a wake-up waits the longest a timer holds.
  it.each([
    ['an analysis interval of 1000 hours', 3_600_000_000],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['NaN (an unreadable time upstream)', Number.NaN],
  ])('does not run a key at once when its wake-up is %s', async (_what, delayMs) => {
    let runs = 0;
    const queue = new WorkQueue(async () => {
      runs += 1;
      return undefined;
    });
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.name);
    process.on('warning', onWarning);
    queue.addAfter('ns/far', delayMs);
    await tick(50);
    process.off('warning', onWarning);
    expect(runs).toBe(0);
    expect(queue.depth()).toBe(1);
    expect(warnings).not.toContain('TimeoutOverflowWarning');
    await queue.stop();
  });

  it('runs a key whose wake-up is negative at once', async () => {
    let runs = 0;
    const queue = new WorkQueue(async () => {
      runs += 1;
      return undefined;
    });
    queue.addAfter('ns/late', -5_000);
    await tick(30);
    expect(runs).toBe(1);
    await queue.stop();
  });
});

describe('WorkQueue retries (fake clock)', () => {
  beforeEach(() => {
    jest.useFakeTimers({ now: 0 });
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  /** A worker that answers `results` in turn (then undefined) and records when it ran, in ms of the fake clock. */
  function scripted(results: Array<WorkResult | 'throw'>) {
    const runs: number[] = [];
    const worker = async (): Promise<WorkResult> => {
      runs.push(Date.now());
      const next = results.shift();
      if (next === 'throw') throw new Error('boom');
      return next;
    };
    return { runs, worker };
  }

  const gaps = (runs: number[]) => runs.slice(1).map((at, i) => at - runs[i]!);

  it('retries after 1, 2, 4 and 8 s when the worker answers RETRY four times, and counts each retry', async () => {
    const { runs, worker } = scripted([RETRY, RETRY, RETRY, RETRY, undefined]);
    const retried: Array<[string, number, number]> = [];
    const queue = new WorkQueue(worker, 4, () => {}, { onRetry: (key, delayMs, failures) => retried.push([key, delayMs, failures]) });
    queue.add('shop/podinfo');
    await jest.advanceTimersByTimeAsync(60_000);
    expect(gaps(runs)).toEqual([1_000, 2_000, 4_000, 8_000]);
    expect(retried).toEqual([
      ['shop/podinfo', 1_000, 1],
      ['shop/podinfo', 2_000, 2],
      ['shop/podinfo', 4_000, 3],
      ['shop/podinfo', 8_000, 4],
    ]);
    expect(queue.failuresOf('shop/podinfo')).toBe(0);
    expect(queue.depth()).toBe(0);
    await queue.stop();
  });

  it('waits at most 5 minutes between retries when a key keeps failing', async () => {
    const { runs, worker } = scripted(Array.from({ length: 12 }, () => RETRY));
    const queue = new WorkQueue(worker);
    queue.add('shop/podinfo');
    await jest.advanceTimersByTimeAsync(60 * 60_000);
    expect(gaps(runs)).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300, 300].map((s) => s * 1_000));
    await queue.stop();
  });

  it('starts again from 1 s when a success came between two failures', async () => {
    const { runs, worker } = scripted([RETRY, RETRY, 10_000, RETRY, undefined]);
    const queue = new WorkQueue(worker);
    queue.add('shop/podinfo');
    await jest.advanceTimersByTimeAsync(60_000);
    expect(gaps(runs)).toEqual([1_000, 2_000, 10_000, 1_000]);
    await queue.stop();
  });

  it('backs off a thrown worker like RETRY (1 s, then 2 s) and reports each error', async () => {
    const { runs, worker } = scripted(['throw', 'throw', undefined]);
    const errors: string[] = [];
    const retries: number[] = [];
    const queue = new WorkQueue(worker, 4, (key) => errors.push(key), { onRetry: (_key, delayMs) => retries.push(delayMs) });
    queue.add('shop/podinfo');
    await jest.advanceTimersByTimeAsync(60_000);
    expect(gaps(runs)).toEqual([1_000, 2_000]);
    expect(errors).toEqual(['shop/podinfo', 'shop/podinfo']);
    expect(retries).toEqual([1_000, 2_000]);
    await queue.stop();
  });

  it('keeps each key\'s failures to itself when two keys fail', async () => {
    const answers: Record<string, WorkResult[]> = { 'ns/a': [RETRY, RETRY, RETRY], 'ns/b': [RETRY] };
    const runs: Array<[string, number]> = [];
    const queue = new WorkQueue(async (key) => {
      runs.push([key, Date.now()]);
      return answers[key]!.shift();
    });
    queue.add('ns/a');
    await jest.advanceTimersByTimeAsync(3_500);
    expect(queue.failuresOf('ns/a')).toBe(3);
    queue.add('ns/b');
    await jest.advanceTimersByTimeAsync(10_000);
    expect(runs.filter(([key]) => key === 'ns/b').map(([, at]) => at)).toEqual([3_500, 4_500]);
    expect(runs.filter(([key]) => key === 'ns/a').map(([, at]) => at)).toEqual([0, 1_000, 3_000, 7_000]);
    await queue.stop();
  });

  it('runs a key changed during a failed reconcile right away, and still backs off longer after its next failure', async () => {
    let release!: () => void;
    const runs: number[] = [];
    const queue = new WorkQueue(async () => {
      runs.push(Date.now());
      if (runs.length === 1) await new Promise<void>((r) => (release = r));
      return RETRY;
    });
    queue.add('shop/podinfo');
    await jest.advanceTimersByTimeAsync(0);
    queue.add('shop/podinfo');
    await jest.advanceTimersByTimeAsync(100);
    release();
    await jest.advanceTimersByTimeAsync(0);
    expect(runs).toEqual([0, 100]);
    expect(queue.failuresOf('shop/podinfo')).toBe(2);
    await jest.advanceTimersByTimeAsync(1_999);
    expect(runs).toHaveLength(2);
    await jest.advanceTimersByTimeAsync(1);
    expect(runs).toEqual([0, 100, 2_100]);
    await queue.stop();
  });

  it('keeps only the earliest wake-up of a key when a timer is set twice', async () => {
    const { runs, worker } = scripted([]);
    const queue = new WorkQueue(worker);
    queue.addAfter('ns/a', 5_000);
    queue.addAfter('ns/a', 1_000);
    queue.addAfter('ns/a', 3_000);
    expect(queue.depth()).toBe(1);
    await jest.advanceTimersByTimeAsync(10_000);
    expect(runs).toEqual([1_000]);
    await queue.stop();
  });

  it('brings a retry forward of a later wake-up the key already had', async () => {
    const { runs, worker } = scripted([RETRY]);
    const queue = new WorkQueue(worker);
    queue.addAfter('ns/a', 30_000);
    queue.add('ns/a');
    await jest.advanceTimersByTimeAsync(40_000);
    expect(runs).toEqual([0, 1_000]);
    await queue.stop();
  });

  it('forgets failures and pending retries when stopped', async () => {
    const { runs, worker } = scripted([RETRY]);
    const queue = new WorkQueue(worker);
    queue.add('ns/a');
    await jest.advanceTimersByTimeAsync(0);
    expect(queue.depth()).toBe(1);
    expect(await queue.stop()).toEqual({ dropped: 1, finished: 0, abandoned: 0 });
    expect(queue.failuresOf('ns/a')).toBe(0);
    await jest.advanceTimersByTimeAsync(10_000);
    expect(runs).toEqual([0]);
  });
});

describe('backoffDelayMs', () => {
  it.each([
    [0, 1_000],
    [1, 2_000],
    [2, 4_000],
    [8, 256_000],
    [9, 300_000],
    [60, 300_000],
    [5_000, 300_000],
  ])('waits %p failures -> %p ms (1 s doubling, capped at 5 min)', (failures, delay) => {
    expect(backoffDelayMs(failures)).toBe(delay);
  });

  it('follows a base and cap it is given', () => {
    expect([0, 1, 2, 3].map((n) => backoffDelayMs(n, { baseMs: 5, capMs: 30 }))).toEqual([5, 10, 20, 30]);
  });
});

describe('isRetry', () => {
  it.each<[WorkResult, boolean]>([
    [RETRY, true],
    [undefined, false],
    [0, false],
    [2_000, false],
  ])('is %p -> %p', (result, expected) => {
    expect(isRetry(result)).toBe(expected);
  });
});
