// `songbird watch`: what a terminal shows (the status report, what the watch
// waits for, cut to the screen's height; live-screen.ts redraws it in place)
// and, elsewhere (a CI log), the line printed per change.
import type { CanaryView } from './canary-client.js';
import type { Terminal } from './cli-context.js';
import { blastRadiusText, failingChecks, stageText, weightsText, internalText } from './canary-summary.js';
import { formatStatusReport } from './status-report.js';
import { displayWidth } from './text-table.js';
import type { WatchVerdict } from './watch-verdict.js';

/**
 * One frame of the live view: the status report with, above its Phase, what
 * the watch waits for (watch-verdict.ts; left out when not known), and a
 * footer saying when it was read.
 */
export function watchFrame(view: CanaryView, now: Date, verdict?: WatchVerdict): string {
  const watching: Array<[string, string]> = verdict ? [['Watching', verdict.message]] : [];
  return `${formatStatusReport(view, now, watching)}\nUpdated ${now.toISOString().slice(11, 19)} UTC · exits when the rollout succeeds (0) or fails (1) · Ctrl-C stops\n`;
}

/**
 * The terminal's columns and rows for a live view. A size the terminal does
 * not tell, or tells as 0 (a pseudo-terminal nobody sized, e.g. under
 * `script -qfc`), is unlimited (Infinity): the frame is neither cut nor
 * wrapped, rather than cut to nothing.
 */
export function screenSize(terminal: Pick<Terminal, 'columns' | 'rows'>): { columns: number; rows: number } {
  const known = (size: number | undefined) => (size !== undefined && Number.isFinite(size) && size > 0 ? size : Infinity);
  return { columns: known(terminal.columns), rows: known(terminal.rows) };
}

/** Terminal rows `text` takes in `columns` columns, long lines wrapping (one row at least per line). */
export function rowsOf(text: string, columns: number): number {
  const lines = text.endsWith('\n') ? text.slice(0, -1).split('\n') : text.split('\n');
  return lines.reduce((rows, line) => rows + Math.max(1, Math.ceil(displayWidth(line) / Math.max(1, columns))), 0);
}

/**
 * The frame cut to `height` rows of a `columns`-wide terminal, its last row
 * saying how many lines were left out: a frame taller than the screen would
 * scroll, and the cursor cannot go back above the screen's top to redraw it.
 */
export function fitToScreen(frame: string, columns: number, height: number): string {
  if (rowsOf(frame, columns) <= height) return frame;
  const lines = frame.slice(0, -1).split('\n');
  const kept: string[] = [];
  let used = 1; // the last row says what was left out
  for (const line of lines) {
    const rows = rowsOf(`${line}\n`, columns);
    if (used + rows > height) break;
    kept.push(line);
    used += rows;
  }
  return `${kept.join('\n')}\n… ${lines.length - kept.length} more lines (make the terminal taller, or use status)\n`;
}

/** The one-line state a log shows: phase, stage, weights, failing checks, blast radius; `watch` prints it when it changes. */
export function changeLine(view: CanaryView): string {
  const s = view.status;
  const failing = failingChecks(s).map((c) => c.name);
  const parts = [
    `${view.namespace}/${view.name}`,
    s.phase ?? 'Unknown',
    `stage ${stageText(view)}`,
    `primary/canary ${weightsText(s)}`,
    `internal → ${internalText(s)}`,
    `failing ${failing.length > 0 ? failing.join(',') : 'none'}`,
    blastRadiusText(s.blastRadius),
  ];
  return parts.join(' · ');
}
