import { parseDurationMs } from './duration.js';

describe('parseDurationMs', () => {
  it.each([
    ['30s', 30_000],
    ['2m', 120_000],
    ['1h30m', 5_400_000],
    ['500ms', 500],
    ['1.5s', 1500],
  ])('reads %s as %d ms', (text, ms) => {
    expect(parseDurationMs(text)).toBe(ms);
  });

  it.each(['', '30', 'soon', '5 m', '-1s'])('rejects %j', (text) => {
    expect(parseDurationMs(text)).toBeUndefined();
  });
});
