import { WorkQueue } from './work-queue.js';

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
