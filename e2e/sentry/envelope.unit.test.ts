import { parseEnvelope } from './envelope.js';
import { groupEvent } from './grouping.js';
import { parseSearch } from './search-terms.js';

describe('parseEnvelope', () => {
  it('reads items with and without a length, including binary payloads with newlines', () => {
    const binary = Buffer.from('a\nb\nc');
    const body = Buffer.concat([
      Buffer.from('{"event_id":"abc"}\n{"type":"event"}\n{"message":"hi"}\n'),
      Buffer.from(`{"type":"attachment","length":${binary.length}}\n`),
      binary,
      Buffer.from('\n{"type":"session"}\n{"sid":"s1"}'),
    ]);
    const parsed = parseEnvelope(body);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.envelope.header).toEqual({ event_id: 'abc' });
    expect(parsed.envelope.items.map((i) => [i.type, i.payload.toString()])).toEqual([
      ['event', '{"message":"hi"}'],
      ['attachment', 'a\nb\nc'],
      ['session', '{"sid":"s1"}'],
    ]);
  });

  it('refuses a body whose header is not JSON or whose item is cut short', () => {
    expect(parseEnvelope(Buffer.from('nope\n')).ok).toBe(false);
    expect(parseEnvelope(Buffer.from('{}\n{"type":"event","length":99}\n{}')).ok).toBe(false);
  });
});

describe('groupEvent', () => {
  const frames = (fn: string) => [
    { function: 'outer', module: 'app.server', in_app: true },
    { function: fn, module: 'app.checkout', in_app: true },
    { function: 'emit', module: 'node:events', in_app: false },
  ];
  const event = (type: string, value: string, fn: string) => ({ exception: { values: [{ type, value, stacktrace: { frames: frames(fn) } }] } });

  it('groups by exception type and top in-app frame, whatever the message', () => {
    const a = groupEvent(event('NewCheckoutError', 'order 1', 'charge'));
    expect(a).toMatchObject({ title: 'NewCheckoutError: order 1', culprit: 'app.checkout in charge' });
    expect(groupEvent(event('NewCheckoutError', 'order 2', 'charge')).fingerprint).toBe(a.fingerprint);
    expect(groupEvent(event('NewCheckoutError', 'order 1', 'refund')).fingerprint).not.toBe(a.fingerprint);
    expect(groupEvent(event('OtherError', 'order 1', 'charge')).fingerprint).not.toBe(a.fingerprint);
  });

  it('groups message events by their message', () => {
    expect(groupEvent({ message: 'disk almost full' })).toMatchObject({ title: 'disk almost full', fingerprint: 'message:disk almost full' });
  });
});

describe('parseSearch', () => {
  it('reads quoted values, lists, negation and free text', () => {
    expect(parseSearch('firstRelease:"shop@2.0.0 beta" level:[error,fatal] !is:resolved boom')).toEqual([
      { key: 'firstRelease', values: ['shop@2.0.0 beta'], negated: false },
      { key: 'level', values: ['error', 'fatal'], negated: false },
      { key: 'is', values: ['resolved'], negated: true },
      { key: 'message', values: ['boom'], negated: false },
    ]);
  });

  it('unescapes quotes inside a quoted value', () => {
    expect(parseSearch('release:"a \\"b\\""')).toEqual([{ key: 'release', values: ['a "b"'], negated: false }]);
  });
});
