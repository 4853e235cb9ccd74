// A frame redrawn in place on the terminal, by log-update (sindresorhus): it
// wraps each frame at the terminal's width, rewrites only the lines that
// changed, and wraps each update in synchronized-output marks so a terminal
// that knows them never shows half a frame. The CLI writes only through its
// Terminal, so log-update gets a stream that forwards to it.
//
// log-update 7.2.0 (the last release for Node.js 20; 8.0.0 needs Node.js 22)
// patches a frame wrongly when its number of rows changes in the middle: the
// lines below the change are not moved (8.0.0's "When lines are inserted or
// removed, the suffix shifts position" fix). So a frame of another height is
// drawn after clearing the previous one, and only frames of the same height
// are patched line by line. On Node.js 22, take 8.x and drop `clear()`.
import { Writable } from 'node:stream';
import { createLogUpdate } from 'log-update';
import type { Terminal } from './cli-context.js';
import { rowsOf, screenSize } from './watch-screen.js';

export interface LiveScreen {
  /** Replaces the frame shown (the first call writes it below what is on the screen). */
  show(frame: string): void;
  /** Leaves the last frame on the screen as it is; later writes go below it. */
  done(): void;
}

/**
 * A live screen over `terminal` (a TTY). Width and height are read from the
 * terminal at each frame (unlimited when it does not tell or says 0:
 * screenSize); a frame taller than the screen loses its top lines
 * (log-update), so callers cut it
 * to size first (watch-screen.ts fitToScreen). The cursor stays visible:
 * log-update would otherwise hide it through process.stderr, outside the
 * Terminal.
 */
export function liveScreen(terminal: Terminal): LiveScreen {
  const stream = new Writable({
    decodeStrings: false,
    write(chunk: string | Buffer, _encoding, done) {
      terminal.write(typeof chunk === 'string' ? chunk : chunk.toString('utf8'));
      done();
    },
  });
  Object.defineProperties(stream, {
    isTTY: { value: true },
    // An unknown or 0 size (screenSize) reaches log-update as none, and its defaults are unlimited: at rows 0 it would draw nothing.
    columns: { get: () => finiteOrUndefined(screenSize(terminal).columns) },
    rows: { get: () => finiteOrUndefined(screenSize(terminal).rows) },
  });
  const update = createLogUpdate(stream, { showCursor: true, defaultWidth: Infinity, defaultHeight: Infinity });
  let shownRows: number | undefined;
  return {
    show: (frame) => {
      const rows = rowsOf(frame, screenSize(terminal).columns);
      if (shownRows !== undefined && rows !== shownRows) update.clear();
      update(frame);
      shownRows = rows;
    },
    done: () => update.done(),
  };
}

function finiteOrUndefined(size: number): number | undefined {
  return Number.isFinite(size) ? size : undefined;
}
