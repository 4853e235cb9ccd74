import { formatStatusReport } from './status-report.js';
import { viewOf } from './canary-client.js';
import { FAILED, NOW, PROGRESSING, viewFor } from './fake-canary-views.js';

const sectionOf = (report: string, title: string) => {
  const start = report.indexOf(`\n${title}`);
  const end = report.indexOf('\n\n', start + 1);
  return report.slice(start + 1, end === -1 ? undefined : end);
};

describe('formatStatusReport (status)', () => {
  const report = formatStatusReport(viewFor('web', PROGRESSING), NOW);

  it('opens with the phase, revisions, stage, traffic split, failed checks and blast radius', () => {
    expect(report.split('\n').slice(0, 8)).toEqual([
      'Canary shop/web',
      '  Phase:         Progressing for 2m10s · rollout 4',
      '  Revision:      7c9f4d8b6 (promoted: 5b2a1c9d0)',
      '  Stage:         weight-25 (3/4)',
      '  Traffic:       primary/canary 75/25 % · internal users → canary',
      '  Failed checks: 2/5 latency',
      '  Blast radius:  customers 1,204 requests (3 errors) · internal 214 requests (31 errors) · measured 8s ago',
      '  Reason:        stage weight-5 passed',
    ]);
  });

  it('marks finished stages ✔ and the current one ▶ with how long it has run', () => {
    const stages = sectionOf(report, 'Stages').split('\n');
    expect(stages[1]).toMatch(/^ {2}✔ internal +internal users only +min 2m, 100 requests$/);
    expect(stages[2]).toMatch(/^ {2}✔ weight-5 +5 % of customers \+ internal users +min 30s$/);
    expect(stages[3]).toMatch(/^ {2}▶ weight-25 +25 % of customers \+ internal users +min 30s +for 2m10s$/);
    expect(stages[4]).toMatch(/^ {4}weight-50 /);
  });

  it('lists every check with its value and limit, the comparison with its band, and the evidence link', () => {
    const checks = sectionOf(report, 'Checks');
    expect(checks).toContain('(last analysis 8s ago)');
    expect(checks).toMatch(/✔ success-rate +pass +99\.73 +>= 95 % +-/);
    expect(checks).toMatch(/✘ latency +fail +812\.5 +<= 500 ms +-/);
    expect(checks).toMatch(/✔ errors-vs-primary +pass +1\.12 +<= 1\.2 × primary +\[0\.912, 1\.384\]/);
    expect(checks).toContain('latency: https://sentry.example/issues/42/');
  });

  it('says why each check did not pass, from its message, and nothing for passing ones', () => {
    const passing = PROGRESSING.checks![0]!;
    const status = {
      ...PROGRESSING,
      checks: [
        passing,
        { ...passing, name: 'sentry', outcome: 'error' as const, value: null, message: 'cannot read Secret shop/sentry-token: not found' },
        { ...passing, name: 'p99', outcome: 'noData' as const, value: null, message: 'the query returned no series' },
      ],
    };
    const checks = sectionOf(formatStatusReport(viewFor('web', status), NOW), 'Checks');
    expect(checks).toMatch(/✘ sentry +error +- /);
    expect(checks).toContain('  Why\n    sentry: cannot read Secret shop/sentry-token: not found\n    p99: the query returned no series');
    expect(checks).not.toContain(`success-rate: ${passing.message}`);
  });

  it('falls back to the bounds when a check has no limit in words', () => {
    const status = { ...PROGRESSING, checks: [{ ...PROGRESSING.checks![1]!, limit: '' }] };
    expect(formatStatusReport(viewFor('web', status), NOW)).toMatch(/✘ latency +fail +812\.5 +<= 500/);
  });

  it('shows the last rollouts newest first with their result, duration and whom they reached', () => {
    const history = sectionOf(report, 'History').split('\n');
    expect(history[2]).toMatch(/^ {2}3 +promoted +5b2a1c9d0 +22h ago +6m30s +9000 \(2 err\) +400 \(0 err\) +all stages passed$/);
    expect(history[3]).toMatch(/^ {2}2 +rolled back +3e4f5a6b7 +47h ago +3m +- +- +latency failed 5 times; reached 0 customers/);
  });

  it('shows a Failed rollout with all traffic on the primary, the failed revision and the reason', () => {
    const failed = formatStatusReport(viewFor('web', FAILED), NOW);
    expect(failed).toContain('Phase:         Failed for 2m · rollout 4');
    expect(failed).toContain('Revision:      - (promoted: 5b2a1c9d0, failed: 7c9f4d8b6)');
    expect(failed).toContain('Traffic:       primary/canary 100/0 % · internal users → primary');
    expect(failed).toContain('Blast radius:  not measured yet');
    expect(failed).toContain('Reason:        latency failed 5 times; reached 0 customers (214 internal requests, 31 errors)');
    expect(failed).not.toContain('▶');
  });

  it('says a Canary is paused', () => {
    expect(formatStatusReport(viewFor('web', PROGRESSING, { annotations: { 'songbird.dev/paused': 'true' } }), NOW)).toContain('Paused:');
  });
});

describe('formatStatusReport of a status the controller cannot read', () => {
  it('names every unreadable field and how to fix it instead of showing an empty "Unknown" status', () => {
    const object = { metadata: { namespace: 'shop', name: 'web' }, status: { phase: 'Exploded', rolloutNumber: 0 } };
    const report = formatStatusReport(viewOf(object), NOW);
    expect(report).toContain('Status unreadable:');
    expect(report).toMatch(/status\.phase: [^;]+; status\.rolloutNumber/);
    expect(report).toContain('kubectl edit canary web -n shop --subresource=status');
  });

  it('shows a status whose timeline only was too long, trimmed as the controller trims it', () => {
    const timeline = Array.from({ length: 121 }, (_, i) => ({ at: `2026-12-06T08:${String(i % 60).padStart(2, '0')}:00Z`, phase: 'Progressing', canaryWeight: 10, internalToCanary: false, checks: [] }));
    const view = viewOf({ metadata: { namespace: 'shop', name: 'web' }, status: { phase: 'Progressing', rolloutNumber: 3, timeline } });
    expect(view.statusProblems).toBeUndefined();
    expect(view.status).toMatchObject({ phase: 'Progressing', rolloutNumber: 3 });
    expect(view.status.timeline).toHaveLength(120);
  });
});
