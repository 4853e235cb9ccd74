import { describe, expect, it } from '@jest/globals';
import { rolloutHeader, shortRevision } from './rollout-header.js';

/** A surrogate code unit without its pair (in `u` mode a lone surrogate is a code point of category Cs). */
const LONE_SURROGATE = /\p{Cs}/u;

describe('shortRevision', () => {
  it.each<[string, string]>([
    ['7f3c2a1', '7f3c2a1'],
    ['5d9c8b7f6d', '5d9c8b7f6d'],
    ['0123456789ab', '0123456789ab'],
    ['sha256:0123456789abcdef', 'sha256:'],
    ['e83c5163316f89bfbde7d9ab23ca2e25604af290', 'e83c516'],
  ])('shortens %p to %p like git when it is longer than 12 characters', (revision, expected) => {
    expect(shortRevision(revision)).toBe(expected);
  });

  it('cuts on code points, never inside a surrogate pair, when the revision holds astral characters', () => {
    const short = shortRevision('🐦'.repeat(13));
    expect(short).toBe('🐦'.repeat(7));
    expect(short).not.toMatch(LONE_SURROGATE);
    expect(shortRevision('abc🐦defgh🐦ijklm')).toBe('abc🐦def');
  });

  it('keeps a revision of 12 code points or fewer whole when astral characters make it longer in UTF-16', () => {
    expect(shortRevision('🐦'.repeat(12))).toBe('🐦'.repeat(12));
  });

  it('writes a header line without a lone surrogate when the revision holds astral characters', () => {
    for (let length = 1; length <= 20; length += 1) {
      const header = rolloutHeader({ namespace: 'shop', name: 'podinfo', service: 'podinfo', revision: 'a'.repeat(length % 3) + '🐦'.repeat(length) });
      expect(header).not.toMatch(LONE_SURROGATE);
    }
  });
});
