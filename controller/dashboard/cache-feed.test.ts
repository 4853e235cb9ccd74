import { describe, expect, it } from '@jest/globals';
import type { CacheChange, CachedKind, ClusterCacheHub, RunningCaches } from '../adapters/kubernetes/cluster-caches.js';
import { createCanaryFeed, type CanarySource } from './canary-source.js';
import { feedDashboardFromCaches } from './cache-feed.js';
import { canaryObject } from './fake-canaries.js';

/** A hub whose informers are the test: `emit` plays a watch event, `unsynced` the kinds not yet listed. */
function hubUnderTest() {
  let emit: CacheChange | undefined;
  const unsynced: CachedKind[] = [];
  const hub: ClusterCacheHub = {
    reader: () => undefined,
    start(onChange): RunningCaches {
      emit = onChange;
      return { started: Promise.resolve(), synced: () => unsynced.length === 0, unsynced: () => [...unsynced], stop: async () => void (emit = undefined) };
    },
  };
  return { hub, unsynced, emit: (...args: Parameters<CacheChange>) => emit?.(...args) };
}

function standbySource(): { made: () => number; make: () => CanarySource } {
  let made = 0;
  return {
    made: () => made,
    make: () => {
      made++;
      const feed = createCanaryFeed({ state: () => ({ live: true, message: 'standby watch' }) });
      feed.changed('shop', 'from-standby', canaryObject('shop', 'from-standby'), false);
      return feed;
    },
  };
}

describe('feedDashboardFromCaches', () => {
  it("shows the controller's cached Canaries of its namespace, and still tells the controller of every change, while leading", () => {
    const { hub, emit } = hubUnderTest();
    const standby = standbySource();
    const { caches, source } = feedDashboardFromCaches(hub, { namespace: 'shop', standby: standby.make });
    const told: string[] = [];
    caches.start((kind, namespace, name) => told.push(`${kind} ${namespace}/${name}`));
    const heard: string[] = [];
    source.subscribe((change) => heard.push(`${change.namespace}/${change.name}${change.gone ? ' gone' : ''}`));
    emit('canaries', 'shop', 'web', canaryObject('shop', 'web'), false);
    emit('canaries', 'other', 'api', canaryObject('other', 'api'), false);
    emit('services', 'shop', 'web', undefined, false);
    emit('canaries', 'shop', 'web', undefined, true);
    emit('canaries', 'shop', 'cart', canaryObject('shop', 'cart'), false);
    expect(told).toEqual(['canaries shop/web', 'canaries other/api', 'services shop/web', 'canaries shop/web', 'canaries shop/cart']);
    expect(heard).toEqual(['shop/web', 'shop/web gone', 'shop/cart']);
    expect(source.list().map((c) => c.metadata?.name)).toEqual(['cart']);
    expect(source.state()).toEqual({ live: true, message: "leading replica: the controller's Canary cache" });
    expect(standby.made()).toBe(0);
  });

  it('says it is not live while the Canary informer has not listed them', () => {
    const { hub, unsynced } = hubUnderTest();
    const { caches, source } = feedDashboardFromCaches(hub, { standby: standbySource().make });
    caches.start(() => undefined);
    unsynced.push('canaries');
    expect(source.state().live).toBe(false);
  });

  it('reads a standby source of its own, made once and only when first read, while not leading', () => {
    const { hub } = hubUnderTest();
    const standby = standbySource();
    const { source } = feedDashboardFromCaches(hub, { standby: standby.make });
    expect(standby.made()).toBe(0);
    expect(source.list().map((c) => c.metadata?.name)).toEqual(['from-standby']);
    expect(source.state().message).toBe('standby watch');
    expect(standby.made()).toBe(1);
  });

  it('forgets the cached Canaries when the caches stop', async () => {
    const { hub, emit } = hubUnderTest();
    const { caches, source } = feedDashboardFromCaches(hub, { standby: standbySource().make });
    const running = caches.start(() => undefined);
    emit('canaries', 'shop', 'web', canaryObject('shop', 'web'), false);
    await running.stop();
    const restarted = caches.start(() => undefined);
    expect(source.list()).toEqual([]);
    await restarted.stop();
  });
});
