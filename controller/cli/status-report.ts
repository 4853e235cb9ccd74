// `songbird status NAME` (and the body of `watch`): the rollout, its stages,
// every check with its value and limit, comparisons with their band, the
// blast radius and the last rollouts.
import { planStages } from '../core/stages.js';
import type { CanaryStatus, CheckResult, RolloutRecord } from '../schema/canary-status.js';
import type { CanaryView } from './canary-client.js';
import { ageOf, humanDuration } from './human-duration.js';
import { blastRadiusText, failedChecksText, inRollout, internalText, resultWord, stageText, valueText, weightsText } from './canary-summary.js';
import { textTable } from './text-table.js';

const MARK: Record<CheckResult['outcome'], string> = { pass: '✔', fail: '✘', error: '✘', noData: '…', insufficient: '…' };

/**
 * The whole report, sections separated by blank lines; `now` dates the ages.
 * `first`: label/text rows shown above Phase, aligned with it (watch's "Watching"). Ends with a newline.
 */
export function formatStatusReport(view: CanaryView, now: Date, first: ReadonlyArray<readonly [string, string]> = []): string {
  return [overview(view, now, first), stages(view, now), checks(view.status, now), history(view.status, now)].filter((s) => s !== '').join('\n');
}

function overview(view: CanaryView, now: Date, first: ReadonlyArray<readonly [string, string]>): string {
  const s = view.status;
  const phase = s.phase ?? 'Unknown';
  const since = s.lastTransitionTime ? ` for ${ageOf(s.lastTransitionTime, now)}` : '';
  const rollout = s.rolloutNumber ? ` · rollout ${s.rolloutNumber}` : '';
  const rows: Array<readonly [string, string]> = [
    ...first,
    ['Phase', `${phase}${since}${rollout}`],
    ['Revision', `${inRollout(s) ? (s.canaryRevision ?? '-') : '-'} (promoted: ${s.lastPromotedRevision ?? '-'}${s.failedRevision ? `, failed: ${s.failedRevision}` : ''})`],
    ['Stage', stageText(view)],
    ['Traffic', `primary/canary ${weightsText(s)} % · internal users → ${internalText(s)}`],
    ['Failed checks', failedChecksText(view)],
    ['Blast radius', `${blastRadiusText(s.blastRadius)}${s.blastRadius ? ` · measured ${ageOf(s.blastRadius.measuredAt, now)} ago` : ''}`],
  ];
  if (view.statusProblems) rows.push(['Status unreadable', `${view.statusProblems.join('; ')} (the controller holds this Canary: fix it with kubectl edit canary ${view.name} -n ${view.namespace} --subresource=status)`]);
  if (s.reason) rows.push(['Reason', s.reason]);
  if (s.actionFailure) rows.push(['Failing action', `${s.actionFailure.action} since ${ageOf(s.actionFailure.since, now)}: ${s.actionFailure.message}`]);
  if (view.annotations['songbird.dev/paused'] === 'true') rows.push(['Paused', 'yes (songbird resume to go on)']);
  const width = Math.max(...rows.map(([label]) => label.length)) + 1;
  return [`Canary ${view.namespace}/${view.name}`, ...rows.map(([label, text]) => `  ${`${label}:`.padEnd(width)} ${text}`)].join('\n') + '\n';
}

/** The spec's stages with ✔ for finished ones and ▶ for the current one (only during a rollout). */
function stages(view: CanaryView, now: Date): string {
  if (!view.spec) return '';
  const s = view.status;
  const current = s.phase === 'Progressing' ? s.stageIndex : undefined;
  const rows = planStages(view.spec).map((stage, index) => {
    const mark = current === undefined ? ' ' : index < current ? '✔' : index === current ? '▶' : ' ';
    const traffic = stage.routes.canaryWeight === 0 ? 'internal users only' : `${stage.routes.canaryWeight} % of customers${stage.routes.internalToCanary ? ' + internal users' : ''}`;
    const at = index === current && s.stageStartedAt ? `for ${ageOf(s.stageStartedAt, now)}` : '';
    return [`  ${mark} ${stage.name}`, traffic, `min ${humanDuration(stage.minDurationMs)}${stage.minRequests ? `, ${stage.minRequests} requests` : ''}`, at];
  });
  return `Stages\n${textTable(rows)}`;
}

function checks(status: CanaryStatus, now: Date): string {
  const results = status.checks ?? [];
  if (results.length === 0) return '';
  const when = status.lastAnalysisAt ? ` (last analysis ${ageOf(status.lastAnalysisAt, now)} ago)` : '';
  const rows = [['  CHECK', 'OUTCOME', 'VALUE', 'LIMIT', 'BAND']];
  const links: string[] = [];
  const reasons: string[] = [];
  for (const check of results) {
    rows.push([`  ${MARK[check.outcome]} ${check.name}`, check.outcome, valueText(check.value), limitText(check), check.band ? `[${valueText(check.band.lower)}, ${valueText(check.band.upper)}]` : '-']);
    // Why a check did not pass (e.g. the Sentry token Secret is missing): the table's `error -` alone does not say.
    if (check.outcome !== 'pass' && check.message) reasons.push(`    ${check.name}: ${check.message}`);
    if (check.link) links.push(`    ${check.name}: ${check.link}`);
  }
  const section = (title: string, lines: string[]) => (lines.length > 0 ? `  ${title}\n${lines.join('\n')}\n` : '');
  return `Checks${when}\n${textTable(rows)}${section('Why', reasons)}${section('Links', links)}`;
}

/** The limit in words, else from its bounds (`>= 95`, `<= 500`, `95..100`), else `-`. */
function limitText(check: CheckResult): string {
  if (check.limit) return check.limit;
  const { min, max } = check.bounds ?? {};
  if (min !== undefined && max !== undefined) return `${valueText(min)}..${valueText(max)}`;
  if (min !== undefined) return `>= ${valueText(min)}`;
  return max !== undefined ? `<= ${valueText(max)}` : '-';
}

function history(status: CanaryStatus, now: Date): string {
  const records = status.history ?? [];
  if (records.length === 0) return '';
  const rows = [['  #', 'RESULT', 'REVISION', 'FINISHED', 'TOOK', 'CUSTOMERS', 'INTERNAL', 'REASON']];
  for (const record of records) rows.push(historyRow(record, now));
  return `History (newest first)\n${textTable(rows)}`;
}

function historyRow(record: RolloutRecord, now: Date): string[] {
  const took = Date.parse(record.finishedAt) - Date.parse(record.startedAt);
  const side = (c: { requests: number; errors: number } | undefined) => (c ? `${c.requests} (${c.errors} err)` : '-');
  return [
    `  ${record.number}`,
    resultWord(record),
    record.revision,
    `${ageOf(record.finishedAt, now)} ago`,
    Number.isNaN(took) ? '-' : humanDuration(took),
    side(record.blastRadius?.customers),
    side(record.blastRadius?.internal),
    record.reason,
  ];
}
