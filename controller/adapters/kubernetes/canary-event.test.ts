import { eventName, planCanaryEvent } from './canary-event.js';

describe('planCanaryEvent', () => {
  const now = new Date('2026-11-26T07:00:00Z');
  const canary = { name: 'web', uid: 'uid-web' };
  const event = planCanaryEvent('shop', canary, { id: 'web/abc/promoted', eventType: 'Normal', reason: 'Promoted', message: 'abc is now the primary' }, now);

  it('points at the Canary by apiVersion, kind, name and uid', () => {
    expect(event.involvedObject).toEqual({ apiVersion: 'songbird.dev/v1alpha1', kind: 'Canary', name: 'web', namespace: 'shop', uid: 'uid-web' });
  });

  it('names the reporting controller songbird.dev/controller', () => {
    expect(event.reportingComponent).toBe('songbird.dev/controller');
    expect(event.source?.component).toBe('songbird.dev/controller');
  });

  it('derives the same name from the same id, and another from another id', () => {
    expect(event.metadata.name).toBe(eventName('web', 'web/abc/promoted'));
    expect(eventName('web', 'web/abc/promoted')).toMatch(/^web\.[0-9a-f]{16}$/);
    expect(eventName('web', 'web/abc/failed')).not.toBe(event.metadata.name);
  });

  it('keeps the name of an Event on a very long Canary name within 253 characters', () => {
    expect(eventName('c'.repeat(253), 'id').length).toBeLessThanOrEqual(253);
  });

  it('shortens a message longer than 1024 characters', () => {
    const long = planCanaryEvent('shop', canary, { id: 'x', eventType: 'Warning', reason: 'R', message: 'm'.repeat(5000) }, now);
    expect(long.message).toHaveLength(1024);
  });
});
