import type { CanaryView } from './canary-client.js';

/** A few lines a person reads at a glance. */
export function formatStatus(view: CanaryView): string {
  const s = view.status;
  const lines = [
    `${view.namespace}/${view.name}: ${s.phase ?? 'Unknown'}${s.stageName && s.phase === 'Progressing' ? ` · stage ${s.stageName}` : ''}`,
    `  revision ${s.canaryRevision ?? '-'} (promoted: ${s.lastPromotedRevision ?? '-'}) · canary weight ${s.canaryWeight ?? 0} % · internal users → ${s.internalToCanary ? 'canary' : 'primary'} · failed checks ${s.failedChecks ?? 0}`,
    `  ${s.reason ?? ''}`,
  ];
  for (const check of s.checks ?? []) lines.push(`  ${mark(check.outcome)} ${check.message}`);
  return lines.join('\n');
}

const mark = (outcome: string) => ({ pass: '✔', fail: '✘', error: '✘', noData: '…', insufficient: '…' })[outcome] ?? '?';
