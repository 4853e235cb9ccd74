import { describe, expect, it } from '@jest/globals';
import { quotedFromServer, redactSecrets } from './secret-redaction.js';

describe('redactSecrets', () => {
  it('replaces every occurrence of each secret', () => {
    expect(redactSecrets('t0k3n and again t0k3n', ['t0k3n'])).toBe('[redacted] and again [redacted]');
  });

  it('replaces Bearer and Basic credentials even when the secret is not known', () => {
    expect(redactSecrets('header was "Authorization: Bearer abc.DEF-123" sent', [])).toBe('header was "Authorization: Bearer [redacted]" sent');
    expect(redactSecrets('got basic dXNlcjpwYXNz= from you', [])).toBe('got basic [redacted] from you');
  });

  it('removes a longer secret whole when it holds a shorter one', () => {
    expect(redactSecrets('key abcdef', ['abc', 'abcdef'])).toBe('key [redacted]');
  });

  it('ignores empty or missing secrets', () => {
    expect(redactSecrets('plain text', ['', undefined])).toBe('plain text');
  });
});

describe('quotedFromServer', () => {
  it('redacts before clipping, so a secret straddling the cut leaks none of its head', () => {
    const token = 'SECRETTOKEN1234567890';
    const quoted = quotedFromServer(`${'x'.repeat(290)}${token}${'y'.repeat(50)}`, [token]);
    expect(quoted).not.toContain('SECRET');
    expect([...quoted].length).toBeLessThanOrEqual(300);
  });

  it('clips a long body to the given number of code points', () => {
    expect(quotedFromServer('a'.repeat(1000), [], 20)).toBe(`${'a'.repeat(19)}…`);
  });
});
