import { terminalSafe, terminalSafeText } from './terminal-safe.js';

describe('terminalSafeText', () => {
  it.each([
    ['ESC (CSI clear screen)', 'a\u001b[2Jb', 'a\\x1b[2Jb'],
    ['OSC window title ended by BEL', '\u001b]0;pwned\u0007', '\\x1b]0;pwned\\x07'],
    ['C1 CSI', 'x\u009b2Jy', 'x\\x9b2Jy'],
    ['newline and carriage return', 'a\r\nb', 'a\\x0d\\x0ab'],
    ['bidi override and isolate', 'abc\u202edef\u2066', 'abc\\u202edef\\u2066'],
    ['DEL', 'a\u007f', 'a\\x7f'],
  ])('shows %s as visible escapes', (_what, text, shown) => {
    expect(terminalSafeText(text)).toBe(shown);
  });

  it('keeps printable text, accents and emoji as they are, and a tab as a space', () => {
    expect(terminalSafeText('p99 > 250ms — café ✓\t😀')).toBe('p99 > 250ms — café ✓ 😀');
  });
});

describe('terminalSafe', () => {
  it('escapes every string of a nested value, keys included, and keeps numbers, booleans and dates', () => {
    const at = new Date(0);
    expect(terminalSafe({ reason: '\u001b[31mred', checks: [{ name: 'x\u202e', value: 1, ok: true }], ['k\u0007']: at })).toEqual({
      reason: '\\x1b[31mred',
      checks: [{ name: 'x\\u202e', value: 1, ok: true }],
      ['k\\x07']: at,
    });
  });
});
