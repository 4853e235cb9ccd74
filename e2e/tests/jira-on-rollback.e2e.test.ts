import { jest } from '@jest/globals';
import { startJiraStandIn, type JiraStandIn } from '../jira/jira-stand-in.js';
import { startReplicatedRollout, type ReplicatedRollout } from '../scenario/replicated-rollout.js';
import { within } from '../scenario/rollout-tally.js';
import { shortRevision } from '../../controller/notifications/rollout-header.js';

jest.setTimeout(240_000);

const NAMESPACE = 'jira-on-rollback';

// A rollout rolled back files one Jira issue, and a controller that dies after
// Jira filed it but before it learned so (the stand-in holds the 201) does not
// file a second one after a restart: the new process finds the issue by its
// label (search first) and settles the outbox.
describe('a Jira issue on rollback', () => {
  let rollout: ReplicatedRollout;
  let jira: JiraStandIn;

  beforeAll(async () => {
    rollout = await startReplicatedRollout(NAMESPACE, { notify: false });
    jira = await startJiraStandIn({ projects: [{ key: 'OPS', issueTypes: ['Bug'] }] });
    await rollout.scenario.kube.core.createNamespacedSecret({ namespace: NAMESPACE, body: { metadata: { name: 'jira-token' }, stringData: { token: jira.apiToken } } });
  });
  afterAll(async () => {
    await rollout?.stop();
    await jira?.stop();
  });

  const replica = (name: string, more: Record<string, string> = {}) =>
    rollout.replica(name, {
      ...more,
      SONGBIRD_LEASE_DURATION_SECONDS: '2',
      SONGBIRD_JIRA_URL: jira.url,
      SONGBIRD_JIRA_PROJECT: 'OPS',
      SONGBIRD_JIRA_EMAIL: jira.email,
      SONGBIRD_JIRA_TOKEN_SECRET: `${NAMESPACE}/jira-token:token`,
    });

  it('files exactly one issue naming the service, revision and failing check, also across a SIGKILL and a restart', async () => {
    const s = rollout.scenario;
    // A long HTTP timeout, so the held create is still waiting when the process dies.
    const first = replica('first', { SONGBIRD_HTTP_TIMEOUT_MS: '120000' });
    await s.waitForPhase(['Initialized'], 90_000);
    const held = jira.holdNextCreate();
    await s.ship({ tag: '2.0.0', env: { DEMO_ERROR_RATE: '0.3' } });
    const done = await s.waitForPhase(['Succeeded', 'Failed'], 150_000);
    expect(done.phase).toBe('Failed');
    const filed = await within(held, 30_000, 'the Jira create');
    // Jira filed it; the controller has not heard back. It dies now.
    const waiting = (await s.status()).outbox ?? [];
    expect(waiting.map((e) => e.id)).toContainEqual(expect.stringMatching(/:rolledBack$/));
    await first.kill();

    const second = replica('second');
    await within(
      (async () => {
        while (((await s.status()).outbox ?? []).length > 0) await new Promise((r) => setTimeout(r, 500));
      })(),
      60_000,
      'the outbox to empty after the restart',
    );
    await new Promise((r) => setTimeout(r, 2_000)); // a late second issue would show up here
    const issues = jira.issues();
    console.log(`jira-on-rollback: issues ${JSON.stringify(issues.map((i) => ({ key: i.key, summary: i.summary, labels: i.labels })))}; requests ${JSON.stringify(jira.requests())}; second replica log ${second.logFile}`);
    expect(issues).toHaveLength(1);
    expect(issues[0]!.key).toBe(filed.key);
    expect(issues[0]!.summary).toMatch(new RegExp(`^Rolled back podinfo ${shortRevision(done.canaryRevision!)}: `));
    expect(issues[0]!.summary).toContain('success-rate');
    expect(issues[0]!.summary).toMatch(/limit/);
    expect(issues[0]!.labels).toEqual(expect.arrayContaining(['songbird', 'songbird-rolled-back']));
    expect(jira.refusals()).toEqual([]);
    // The second process searched before anything else and filed nothing.
    expect(jira.requests().filter((r) => r === 'POST /rest/api/3/issue')).toHaveLength(1);
    const events = await s.events();
    expect(events.filter((e) => e.reason === 'NotificationFailed')).toEqual([]);
    const logs = [...first.logLines(), ...second.logLines()].map((l) => JSON.stringify(l)).join('\n');
    expect(logs).toContain('Jira issue already filed');
    expect(logs).not.toContain(jira.apiToken);
  });
});
