import { ageOf, humanDuration } from './human-duration.js';

describe('humanDuration', () => {
  it.each([
    [0, '0s'],
    [-5_000, '0s'],
    [119_000, '119s'],
    [150_000, '2m30s'],
    [180_000, '3m'],
    [45 * 60_000, '45m'],
    [(3 * 60 + 12) * 60_000, '3h12m'],
    [20 * 3_600_000, '20h'],
    [(5 * 24 + 2) * 3_600_000, '5d2h'],
    [30 * 86_400_000, '30d'],
    [(2 * 365 + 10) * 86_400_000, '2y10d'],
  ])('prints %d ms as %s, as kubectl AGE does', (ms, text) => {
    expect(humanDuration(ms)).toBe(text);
  });
});

describe('ageOf', () => {
  it('is - when there is no timestamp or it does not parse', () => {
    expect(ageOf(undefined, new Date())).toBe('-');
    expect(ageOf('yesterday', new Date())).toBe('-');
  });

  it('is the time from the timestamp to now', () => {
    expect(ageOf('2026-12-06T08:58:01Z', new Date('2026-12-06T09:00:00Z'))).toBe('119s');
  });
});
