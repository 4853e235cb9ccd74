import { duplicateEvents, duplicateMessages, type EventLike } from './duplicates.js';

const SONGBIRD = 'songbird.dev/controller';
const canary = { kind: 'Canary', namespace: 'takeover', name: 'podinfo', uid: 'u1' };
const event = (reason: string, message: string, extra: Partial<EventLike> = {}): EventLike => ({ involvedObject: canary, reason, message, reportingComponent: SONGBIRD, ...extra });

describe('duplicateEvents', () => {
  it('counts nothing when every (object, reason, message) appears once', () => {
    expect(duplicateEvents([event('Waiting', 'a'), event('Progressing', 'a'), event('Waiting', 'b')], SONGBIRD).count).toBe(0);
  });

  it('counts the extra objects when the same Event was recorded under two names', () => {
    const found = duplicateEvents([event('Promoted', 'x'), event('Promoted', 'x'), event('Promoted', 'x')], SONGBIRD);
    expect(found.count).toBe(2);
    expect(found.repeated[0]!.times).toBe(3);
  });

  it('counts a repeat when one Event object carries count 2', () => {
    expect(duplicateEvents([event('Promoted', 'x', { count: 2 })], SONGBIRD).count).toBe(1);
  });

  it('ignores Events of other components when counting', () => {
    expect(duplicateEvents([event('Scaled', 'x', { reportingComponent: 'deployment-controller' }), event('Scaled', 'x', { reportingComponent: '' })], SONGBIRD).count).toBe(0);
  });
});

describe('duplicateMessages', () => {
  it('counts a text posted twice to the same webhook as one duplicate', () => {
    const post = (text: string, path = '/services/T0/B0/x') => ({ path, body: { text } });
    expect(duplicateMessages([post('started'), post('started'), post('promoted'), post('started', '/services/T0/B0/y')]).count).toBe(1);
  });
});
