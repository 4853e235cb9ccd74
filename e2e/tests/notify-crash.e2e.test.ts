import { jest } from '@jest/globals';
import { startReplicatedRollout, type ReplicatedRollout } from '../scenario/replicated-rollout.js';
import type { CanaryStatus } from '../../controller/schema/canary-status.js';
import { canaryEventCounts, headlines, within } from '../scenario/rollout-tally.js';
import { recordStatuses } from '../scenario/status-recorder.js';

jest.setTimeout(180_000);

const NAMESPACE = 'notify-crash';
/** The Slack sender gives up on an unanswered post after this long (adapters/slack/slack-sender.ts, timeoutMs default). */
const SENDER_TIMEOUT_MS = 2_500;

// The window the outbox closes: the status that records a notification is written, the POST to Slack is on
// the wire, and the controller dies before Slack answers. The stand-in holds that one POST unanswered, the
// test reads the status (the notification must be in status.outbox), SIGKILLs the controller while the POST
// is still held, and starts a new process. Before the outbox (git show 9434483:controller/runtime/reconcile.ts)
// notifications were sent fire-and-forget after the status write, which already listed them as notified:
// status.outbox did not exist and the new process never sent "Stage weight-50" again.
describe('a notification whose sender dies before Slack accepted it', () => {
  let rollout: ReplicatedRollout;
  // Not what is measured here: the restarted process takes the dead one's Lease within ~2 s.
  const replica = (name: string) => rollout.replica(name, { SONGBIRD_LEASE_DURATION_SECONDS: '2' });
  const sentryEnv = (release: string) => rollout.sentryEnv(release);

  beforeAll(async () => {
    rollout = await startReplicatedRollout(NAMESPACE, { notify: true });
  });
  afterAll(async () => {
    await rollout?.stop();
  });

  it('delivers the held message after a SIGKILL and a restart, and repeats no message, Event, marker or stage', async () => {
    const { scenario: s, slack, sentry } = rollout;
    const first = replica('first');
    await s.waitForPhase(['Initialized'], 90_000);
    const hold = slack.holdNext(/Stage weight-50/);
    const stages = recordStatuses(() => s.status());
    await s.ship({ tag: '2.0.0', env: sentryEnv('podinfo@2.0.0') });

    const held = await within(hold.received, 120_000, 'the "Stage weight-50" post');
    const recorded: CanaryStatus = await s.status();
    const killedAt = Date.now();
    await first.kill();
    const ended = await hold.ended;
    // The kill, not the sender's own timeout, ended the post: the window is the one between record and accept.
    expect(ended.kind).toBe('closed');
    expect(ended.at.getTime()).toBeGreaterThanOrEqual(killedAt);
    expect(killedAt - held.receivedAt.getTime()).toBeLessThan(SENDER_TIMEOUT_MS);
    const waiting = (recorded.outbox ?? []).map((e) => JSON.parse(e.notification) as { kind: string; stage?: string });
    expect(waiting).toContainEqual(expect.objectContaining({ kind: 'stageAdvanced', stage: 'weight-50' }));
    expect(headlines(slack.messages())).not.toContainEqual(expect.stringMatching(/Stage weight-50/));

    const second = replica('second');
    const done = await s.waitForPhase(['Succeeded', 'Failed'], 120_000);
    await stages.stop();
    expect(done.phase).toBe('Succeeded');
    await slack.waitForMessages(4, 15_000);
    await new Promise((r) => setTimeout(r, 2_000)); // a late duplicate would show up here
    const sent = headlines(slack.messages());
    console.log(`notify-crash: held ${killedAt - held.receivedAt.getTime()} ms before the kill; Slack got ${JSON.stringify(sent)}; second replica log ${second.logFile}`);
    expect(sent).toEqual([
      expect.stringMatching(/Rollout started/),
      expect.stringMatching(/Stage weight-25/),
      expect.stringMatching(/Stage weight-50/),
      expect.stringMatching(/Promoted/),
    ]);
    expect((await s.status()).outbox ?? []).toEqual([]);

    const indices = stages.seen.filter((e) => e.phase === 'Progressing' && e.revision === done.canaryRevision).map((e) => e.stageIndex);
    expect([...new Set(indices)]).toEqual([0, 1, 2]);
    for (let i = 1; i < indices.length; i++) expect(indices[i]!).toBeGreaterThanOrEqual(indices[i - 1]!);

    const events = canaryEventCounts(await s.events());
    console.log(`notify-crash: Canary Events by reason+message: ${JSON.stringify(events)}`);
    expect(events.filter((e) => e.count > 1)).toEqual([]);
    const markers = sentry.deploys().filter((d) => d.version === 'podinfo@2.0.0').map((d) => d.environment);
    expect(markers.sort()).toEqual(['canary', 'production']);
  });
});
