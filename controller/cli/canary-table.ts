// `songbird get`: one line per Canary, as kubectl get prints a table.
import type { CanaryView } from './canary-client.js';
import { ageOf } from './human-duration.js';
import { failedChecksText, internalText, lastResultText, stageText, weightsText } from './canary-summary.js';
import { textTable } from './text-table.js';

/**
 * The `get` table: NAME, PHASE, STAGE, WEIGHTS (primary/canary %), INTERNAL
 * (where internal users go), FAILED (checks failed / threshold, then those
 * failing now), LAST RESULT (newest of status.history), AGE; NAMESPACE first
 * with -A. No Canaries: kubectl's `No resources found` sentence.
 */
export function formatCanaryTable(views: readonly CanaryView[], options: { allNamespaces: boolean; namespace?: string; now: Date }): string {
  if (views.length === 0) return options.allNamespaces ? 'No Canaries found.\n' : `No Canaries found in namespace ${options.namespace ?? 'default'}.\n`;
  const header = ['NAME', 'PHASE', 'STAGE', 'WEIGHTS', 'INTERNAL', 'FAILED', 'LAST RESULT', 'AGE'];
  const rows = views.map((view) => [
    view.name,
    view.status.phase ?? 'Unknown',
    stageText(view),
    weightsText(view.status),
    internalText(view.status),
    failedChecksText(view),
    lastResultText(view.status),
    ageOf(view.createdAt, options.now),
  ]);
  const withNamespace = options.allNamespaces ? [['NAMESPACE', ...header], ...rows.map((row, i) => [views[i]!.namespace, ...row])] : [header, ...rows];
  return textTable(withNamespace);
}
