// The rollback message as the core really produces it: a failing check rolls
// back a rollout through step(), and the rendered message says why once.
import { describe, expect, it } from '@jest/globals';
import { step } from '../core/step.js';
import type { Action } from '../core/actions.js';
import { parseCanarySpec } from '../schema/canary.js';
import { renderSlackMessage } from './render-slack-message.js';

const T0 = new Date('2026-11-26T10:00:00Z');

function rollbackNotification() {
  const parsed = parseCanarySpec({
    targetRef: { name: 'podinfo' },
    service: { port: 9898 },
    stages: { internal: { match: [{ header: { name: 'x-songbird-user', exact: 'internal' } }], minDuration: '1m', minRequests: 20 }, steps: [{ weight: 10 }] },
    analysis: { interval: '30s', threshold: 1, checks: [{ name: 'success-rate', type: 'successRate', min: 99 }] },
  });
  if (!parsed.ok) throw new Error(parsed.error.message);
  const template = (image: string) => ({ metadata: { labels: { app: 'podinfo' } }, spec: { containers: [{ name: 'app', image }] } });
  const workload = (revision: string) => ({ exists: true, revision, template: template(`podinfo:${revision}`), replicas: 2, available: true });
  const next = step({
    canary: { namespace: 'shop', name: 'podinfo' },
    spec: parsed.spec,
    status: { phase: 'Progressing', replicas: 2, lastPromotedRevision: 'v1', canaryRevision: 'v2', rolloutStartedAt: T0.toISOString(), stageIndex: 1, stageName: 'weight-10', stageStartedAt: T0.toISOString(), failedChecks: 0, internalToCanary: true, canaryWeight: 10 },
    observations: {
      generation: 1,
      annotations: {},
      target: workload('v2'),
      primary: workload('v1'),
      analysis: { measurements: [{ check: 'success-rate', kind: 'value', value: 90 }], canaryRequestsInStage: 100, canaryRequestsInRollout: 100 },
    },
    now: new Date(T0.getTime() + 30_000),
  });
  const notify = next.actions.find((a): a is Extract<Action, { type: 'notify' }> => a.type === 'notify');
  if (notify?.notification.kind !== 'rolledBack') throw new Error(`expected a rollback notice, got ${JSON.stringify(next.actions)}`);
  return notify.notification;
}

describe('the rollback message of a failing check', () => {
  it('states the failing check, its value and limit once, not three times, in the blocks and in the text', () => {
    const n = rollbackNotification();
    expect(n.failingCheck?.message).toBeTruthy();
    const { text, blocks } = renderSlackMessage(n);
    const said = n.failingCheck!.message;
    const visible = blocks.map((b) => JSON.stringify(b)).join('\n');
    expect(visible.split(said.replace(/[<>&]/g, '')).length - 1).toBe(1);
    expect(text.split(said.replace(/[<>&]/g, '')).length - 1).toBe(1);
    expect(text).toContain(`*Why:* :x: ${said}`);
    expect(text).not.toContain('*Failing check:*');
  });
});
