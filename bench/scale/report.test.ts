import { resultsJson, resultsTable } from './report.js';

const labels = { songbird: 'Songbird', flagger: 'Flagger 1.36.1' };

describe('resultsTable', () => {
  it('puts each controller and size in its own column when both ran at two sizes', () => {
    const results = {
      songbird: { '100': { initSeconds: 30, maxGapSeconds: 28 }, '300': { initSeconds: 108, maxGapSeconds: 33 } },
      flagger: { '100': { initSeconds: 44, maxGapSeconds: 30 } },
    };
    const table = resultsTable(results, labels, [100, 300]).split('\n');
    expect(table[0]).toBe('| | Songbird 100 | Flagger 1.36.1 100 | Songbird 300 |');
    expect(table.find((line) => line.startsWith('| time until all Initialized'))).toBe('| time until all Initialized | 30 s | 44 s | 108 s |');
    expect(table.find((line) => line.startsWith('| gap between'))).toContain('– / – / 28 s');
  });
});

describe('resultsJson', () => {
  it('keys the entries by controller then size, with the interval first', () => {
    const line = resultsJson(30, { songbird: { '20': { initSeconds: 12 } } });
    expect(JSON.parse(line)).toEqual({ intervalSeconds: 30, songbird: { '20': { initSeconds: 12 } }, flagger: {} });
    expect(line.startsWith('{"intervalSeconds":30,')).toBe(true);
  });
});
