import type { CanaryStatus } from '../../controller/schema/canary-status.js';

export interface RolloutSummary {
  name: string;
  revision: string;
  expected: 'Succeeded' | 'Failed';
  outcome: string;
  durationSeconds: number;
  reason: string;
  customerRequestsToCanary: number;
}

export function summaryLine(s: RolloutSummary): string {
  const ok = s.outcome === s.expected ? 'as expected' : `EXPECTED ${s.expected}`;
  return `${s.name.padEnd(28)} rev ${s.revision.padEnd(11)} ${s.outcome.padEnd(10)} ${String(s.durationSeconds).padStart(4)}s  (${ok})\n    ${s.reason}\n    customer requests that reached the canary: ${s.customerRequestsToCanary}`;
}

/** What a person following along sees: the phase, stage and routes, then each check's last result. */
export function progressLine(status: CanaryStatus): { time: string; text: string } {
  const where = status.phase === 'Progressing' ? ` ${status.stageName} (internal → ${status.internalToCanary ? 'canary' : 'primary'}, customers ${status.canaryWeight ?? 0} % canary)` : '';
  const checks = (status.checks ?? []).map((c) => `      ${c.outcome === 'pass' ? '✔' : c.outcome === 'fail' || c.outcome === 'error' ? '✘' : '…'} ${c.message}`);
  return { time: new Date().toISOString().slice(11, 19), text: [`${status.phase}${where}`, ...checks].join('\n') };
}
