import { formatCanaryTable } from './canary-table.js';
import { FAILED, NOW, PROGRESSING, SUCCEEDED, viewFor } from './fake-canary-views.js';

const lines = (text: string) => text.trimEnd().split('\n');

describe('formatCanaryTable (get)', () => {
  it('shows phase, stage, weights, internal route, failed checks, last result and age of each Canary', () => {
    const table = formatCanaryTable([viewFor('web', PROGRESSING)], { allNamespaces: false, namespace: 'shop', now: NOW });
    const [header, row] = lines(table);
    expect(header!.split(/\s{3,}/)).toEqual(['NAME', 'PHASE', 'STAGE', 'WEIGHTS', 'INTERNAL', 'FAILED', 'LAST RESULT', 'AGE']);
    expect(row!.split(/\s{3,}/)).toEqual(['web', 'Progressing', 'weight-25 (3/4)', '75/25', 'canary', '2/5 latency', 'promoted 5b2a1c9d0', '2d']);
  });

  it('shows no stage, all traffic on the primary and the rollback as last result when Failed', () => {
    const [, row] = lines(formatCanaryTable([viewFor('web', FAILED)], { allNamespaces: false, now: NOW }));
    expect(row!.split(/\s{3,}/)).toEqual(['web', 'Failed', '-', '100/0', 'primary', '5/5', 'rolled back 7c9f4d8b6', '2d']);
  });

  it('puts NAMESPACE first with -A and aligns columns for names with dots and of 253 characters', () => {
    const long = `${'a'.repeat(61)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}`;
    expect(long).toHaveLength(253);
    const table = formatCanaryTable([viewFor('api.v1.10', SUCCEEDED), viewFor(long, PROGRESSING, { namespace: 'pay' })], { allNamespaces: true, now: NOW });
    const [header, first, second] = lines(table);
    expect(header!.startsWith('NAMESPACE   NAME')).toBe(true);
    expect(first!.startsWith('shop        api.v1.10 ')).toBe(true);
    expect(second!.startsWith(`pay         ${long}   Progressing`)).toBe(true);
    expect(first!.indexOf('Succeeded')).toBe(second!.indexOf('Progressing'));
  });

  it("says no Canaries were found in the namespace, as kubectl's No resources found", () => {
    expect(formatCanaryTable([], { allNamespaces: false, namespace: 'shop', now: NOW })).toBe('No Canaries found in namespace shop.\n');
    expect(formatCanaryTable([], { allNamespaces: true, now: NOW })).toBe('No Canaries found.\n');
  });

  it('writes no trailing spaces', () => {
    const table = formatCanaryTable([viewFor('web', PROGRESSING), viewFor('a', SUCCEEDED)], { allNamespaces: false, now: NOW });
    for (const line of lines(table)) expect(line).toBe(line.trimEnd());
  });
});
