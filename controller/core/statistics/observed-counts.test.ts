import { carryForward, wholeCounts } from './observed-counts.js';

describe('wholeCounts', () => {
  it.each([
    [{ events: 4.6, trials: 1203.4 }, { events: 5, trials: 1203 }],
    [{ events: -0.2, trials: -3 }, { events: 0, trials: 0 }],
    [{ events: NaN, trials: Infinity }, { events: 0, trials: 0 }],
    [{ events: 12, trials: 10.2 }, { events: 10, trials: 10 }],
  ])('turns %o into %o when counts come from increase()', (raw, expected) => {
    expect(wholeCounts(raw)).toEqual(expected);
  });
});

describe('carryForward', () => {
  it('keeps the earlier counts when a later look reports fewer', () => {
    expect(carryForward({ events: 7, trials: 900 }, { events: 3, trials: 400 })).toEqual({ events: 7, trials: 900 });
  });

  it('takes the new counts when they grew', () => {
    expect(carryForward({ events: 7, trials: 900 }, { events: 9.4, trials: 1500.2 })).toEqual({ events: 9, trials: 1500 });
  });

  it('cleans the first counts when there is no earlier look', () => {
    expect(carryForward(undefined, { events: 2.5, trials: -1 })).toEqual({ events: 0, trials: 0 });
  });
});
