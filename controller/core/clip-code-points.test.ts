import { clipCodePoints } from './clip-code-points.js';

describe('clipCodePoints', () => {
  it('keeps text that fits as it is', () => {
    expect(clipCodePoints('sum(up)', 7)).toBe('sum(up)');
  });

  it('ends in the ellipsis within the limit when it cuts', () => {
    expect(clipCodePoints('abcdefgh', 5)).toBe('abcd…');
    expect(clipCodePoints('abcdefgh', 5, '...')).toBe('ab...');
  });

  it('never leaves half a surrogate pair when the cut falls inside an emoji run', () => {
    const clipped = clipCodePoints('🐦'.repeat(10), 4);
    expect(clipped).toBe('🐦🐦🐦…');
    expect(clipped).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
  });
});
