import type { CheckResult } from '../schema/canary-status.js';
import type { SentryIssueSummary } from './observations.js';

export interface RolloutRef {
  namespace: string;
  name: string;
  service: string;
  revision: string;
}

/** What people are told about a rollout; the Slack adapter renders it. */
export type RolloutNotification =
  | { kind: 'rolloutStarted'; rollout: RolloutRef; fromRevision: string; stages: string[] }
  | { kind: 'stageAdvanced'; rollout: RolloutRef; stage: string; canaryWeight: number; internalToCanary: boolean; checks: CheckResult[] }
  | { kind: 'promoted'; rollout: RolloutRef; durationMs: number; canaryRequests: number }
  | { kind: 'rolledBack'; rollout: RolloutRef; reason: string; failingCheck?: CheckResult; topIssue?: SentryIssueSummary; stage: string }
  | { kind: 'halted'; state: 'halted' | 'waiting'; rollout: RolloutRef; reason: string; unblock: string };

export type NotificationKind = RolloutNotification['kind'];
