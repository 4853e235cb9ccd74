// `songbird watch`: on a terminal, the status report redrawn in place (the
// cursor goes back to the first line of the previous frame, which is erased);
// elsewhere (a CI log), one line per change.
import type { CanaryView } from './canary-client.js';
import { blastRadiusText, failingChecks, stageText, weightsText, internalText } from './canary-summary.js';
import { formatStatusReport } from './status-report.js';
import { displayWidth } from './text-table.js';

/** ESC [ n F: cursor to the start of the line n lines up; ESC [ J: erase to the end of the screen (ECMA-48). */
const cursorUp = (rows: number) => (rows > 0 ? `\x1b[${rows}F` : '\r');
const ERASE_DOWN = '\x1b[J';

/** One frame of the live view: the status report and a footer line saying when it was read. */
export function watchFrame(view: CanaryView, now: Date): string {
  return `${formatStatusReport(view, now)}\nUpdated ${now.toISOString().slice(11, 19)} UTC · exits when the rollout succeeds (0) or fails (1) · Ctrl-C stops\n`;
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

/**
 * What to write to replace the previous frame (which took `previousRows`
 * rows, 0 for the first) with `frame`: back to its first row, erase, write.
 * The frame ends with a newline, so the cursor rests below it.
 */
export function redraw(previousRows: number, frame: string): string {
  return previousRows === 0 ? frame : `${cursorUp(previousRows)}${ERASE_DOWN}${frame}`;
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

/** The exit code a finished watch answers: 0 Succeeded, 1 Failed; undefined while the rollout runs. */
export function exitCodeOf(view: CanaryView): number | undefined {
  if (view.status.phase === 'Succeeded') return 0;
  if (view.status.phase === 'Failed') return 1;
  return undefined;
}
