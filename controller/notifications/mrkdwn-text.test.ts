import { describe, expect, it } from '@jest/globals';
import { clip, escapedLength, fitLines, link, plain, unformatted } from './mrkdwn-text.js';

describe('clip and plain', () => {
  it('counts the escaped length, so an escaped text never passes its budget', () => {
    expect(escapedLength('a&<>')).toBe(1 + 5 + 4 + 4);
    expect(plain('&'.repeat(100), 12)).toBe('&amp;&amp;…');
    expect(plain('&'.repeat(100), 12).length).toBeLessThanOrEqual(12);
  });

  it('never leaves half an entity when it cuts next to an escaped character', () => {
    for (let max = 1; max < 30; max += 1) {
      const escaped = plain('a&b<c>d&'.repeat(5), max);
      expect(escaped.length).toBeLessThanOrEqual(max);
      expect(escaped.replace(/&(amp|lt|gt);/g, '')).not.toMatch(/[&<>]/);
    }
  });

  it('cuts between grapheme clusters, never inside an emoji or an accented letter', () => {
    expect(clip('👩‍💻👩‍💻👩‍💻', 8)).toBe('👩‍💻…');
    expect(clip('e\u0301e\u0301e\u0301', 4)).toBe('e\u0301…');
  });

  it('keeps text that fits unchanged and puts user text on one line', () => {
    expect(clip('short', 5)).toBe('short');
    expect(plain('two\nlines\r\n\tand a tab', 100)).toBe('two lines and a tab');
  });
});

describe('unformatted', () => {
  it('replaces the characters mrkdwn formats with by look-alikes, so a title cannot turn bold, italic, struck or code', () => {
    const title = "KeyError: *args _kwargs_ ~tmp~ `x`";
    const shown = unformatted(title);
    expect(shown).not.toMatch(/[*_~`]/);
    expect(shown).toBe('KeyError: \u2217args \u02cdkwargs\u02cd \u223ctmp\u223c \u02cbx\u02cb');
  });

  it('keeps *, _ and ~ inside a word, where Slack does not format, so identifiers stay copyable', () => {
    expect(unformatted('http_requests_total a*b x~y')).toBe('http_requests_total a*b x~y');
    expect(unformatted('_start end_ a_ `code`')).toBe('\u02cdstart end\u02cd a\u02cd \u02cbcode\u02cb');
  });
});

describe('link', () => {
  it('escapes the URL and the label and keeps the link closed when the label is clipped', () => {
    expect(link('https://x.example/?a=1&b=2', '<b>&'.repeat(50), 20)).toBe('<https://x.example/?a=1&amp;b=2|&lt;b&gt;&amp;&lt;b…>');
  });

  it('shows only the label when the URL is not http(s) or too long to be a permalink', () => {
    expect(link('javascript:alert(1)', 'x')).toBe('x');
    expect(link(`https://x.example/${'&'.repeat(500)}`, 'x')).toBe('x');
  });
});

describe('fitLines', () => {
  it('joins lines that fit', () => {
    expect(fitLines(['a', 'b'], 3)).toBe('a\nb');
  });

  it('drops whole lines from the end and says how many, within the budget', () => {
    const lines = ['a'.repeat(10), 'b'.repeat(10), 'c'.repeat(10)];
    expect(fitLines(lines, 32)).toBe(lines.join('\n'));
    expect(fitLines(lines, 30)).toBe(`${'a'.repeat(10)}\n…and 2 more lines`);
    expect(fitLines(['a', 'b', 'c'], 100, { maxLines: 2, more: (n) => `…and ${n} more` })).toBe('a\nb\n…and 1 more');
  });

  it('still fits when even one line is too long', () => {
    expect(fitLines(['x'.repeat(50)], 20)).toBe('…and 1 more line');
    expect(fitLines(['x'.repeat(50)], 5)).toBe('…and…');
  });
});
