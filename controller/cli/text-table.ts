// Columns as kubectl prints them: upper-case headers, each column as wide as
// its widest cell, three spaces between columns, no trailing spaces.

/** Rows of cells (the first is the header) as aligned lines joined by newlines, with a final newline. */
export function textTable(rows: ReadonlyArray<ReadonlyArray<string>>): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, displayWidth(cell))));
  const lines = rows.map((row) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell + ' '.repeat((widths[i] ?? 0) - displayWidth(cell))))
      .join('   ')
      .trimEnd(),
  );
  return `${lines.join('\n')}\n`;
}

const ANSI = /\x1b\[[0-9;?]*[A-Za-z]/g;

/** Columns a string takes in a terminal: code points without ANSI escape sequences (no wide characters are printed here). */
export function displayWidth(text: string): number {
  return [...text.replace(ANSI, '')].length;
}
