// The closing table (one column per controller and size, as issue 11's) and
// the one JSON line: {"intervalSeconds":30,"songbird":{"100":{…}},"flagger":{…}}.
import type { RunFigures } from './measure.js';
import type { ControllerName } from './settings.js';

export type Results = Partial<Record<ControllerName, Record<string, RunFigures>>>;

const ROWS: ReadonlyArray<readonly [string, (f: RunFigures) => string]> = [
  ['time until all Initialized', (f) => unit(f.initSeconds, 's')],
  ['controller RSS idle / steady / rollout', (f) => `${show(f.rssMiBIdle)} / ${show(f.rssMiBSteady)} / ${show(f.rssMiBRollout)} MiB`],
  ['controller CPU, steady / rollout', (f) => `${show(f.cpuPercentSteady)} / ${show(f.cpuPercentRollout)} %`],
  ['API requests per Canary per interval, steady', (f) => show(f.apiPerCanaryPerIntervalSteady)],
  ['... while 10 % roll out', (f) => show(f.apiPerCanaryPerIntervalRollout)],
  ['a new revision noticed (p50 / p99 / max)', (f) => `${show(f.revisionNoticedSecondsP50)} / ${show(f.revisionNoticedSecondsP99)} / ${show(f.revisionNoticedSecondsMax)} s`],
  ['gap between analyses of a rolling Canary (p50 / p99 / max)', (f) => `${show(f.gapSecondsP50)} / ${show(f.gapSecondsP99)} / ${show(f.maxGapSeconds)} s`],
  ['rollouts Succeeded in the window', (f) => `${show(f.rolloutsSucceeded)} of ${show(f.rolling)}`],
  ['errors (error log lines + Failed Canaries)', (f) => show(f.errors)],
];

const show = (value: number | string | null | undefined) => (value === null || value === undefined ? '–' : String(value));
const unit = (value: number | string | null | undefined, suffix: string) => (value === null || value === undefined ? '–' : `${value} ${suffix}`);

/** A Markdown table: a row per figure, a column per controller and size, in run order. */
export function resultsTable(results: Results, labels: Readonly<Record<ControllerName, string>>, sizes: readonly number[]): string {
  const columns = sizes.flatMap((size) =>
    (Object.keys(results) as ControllerName[]).filter((name) => results[name]?.[size] !== undefined).map((name) => ({ title: `${labels[name]} ${size}`, figures: results[name]![size]! })),
  );
  const lines = [`| | ${columns.map((c) => c.title).join(' | ')} |`, `|---|${columns.map(() => '---').join('|')}|`];
  for (const [title, cell] of ROWS) lines.push(`| ${title} | ${columns.map((c) => cell(c.figures)).join(' | ')} |`);
  return lines.join('\n');
}

/** The closing JSON line, shaped as issue 11 asks. */
export function resultsJson(intervalSeconds: number, results: Results): string {
  return JSON.stringify({ intervalSeconds, songbird: results.songbird ?? {}, flagger: results.flagger ?? {} });
}
