// For tests: what a terminal shows after the CLI's output, as lines of text.
// Understands the subset of ECMA-48 (ANSI) that a live view writes through
// log-update: printable text, newline (a TTY's CR LF), CSI n A / n B (cursor
// up/down), CSI G (column 1), CSI 2K (erase line), CSI K (erase to end of
// line), CSI ?2026h/l (synchronized output, no visible effect). Any other
// escape throws, so a change in what is written cannot pass unnoticed. The
// screen has no height limit and does not wrap (give the CLI enough columns).

const CSI = /^\x1b\[(\??)(\d*)([A-Za-z])/;

/** The lines on the screen after `output`, trailing spaces and empty last lines trimmed. */
export function screenAfter(output: string): string[] {
  const lines: string[][] = [[]];
  let row = 0;
  let column = 0;
  const line = () => (lines[row] ??= []);
  for (let at = 0; at < output.length; ) {
    const char = output[at]!;
    if (char === '\x1b') {
      const match = CSI.exec(output.slice(at));
      if (!match) throw new Error(`screenAfter: unknown escape at ${at}: ${JSON.stringify(output.slice(at, at + 8))}`);
      const [whole, private_, count, command] = match;
      const n = count === '' ? 1 : Number(count);
      if (private_ === '?' && count === '2026' && (command === 'h' || command === 'l')) {
        // synchronized output on/off
      } else if (private_ === '' && command === 'A') row = Math.max(0, row - n);
      else if (private_ === '' && command === 'B') row += n;
      else if (private_ === '' && command === 'G' && n === 1) column = 0;
      else if (private_ === '' && command === 'K' && count === '2') line().length = 0;
      else if (private_ === '' && command === 'K' && count === '') line().length = Math.min(line().length, column);
      else throw new Error(`screenAfter: unexpected escape ${JSON.stringify(whole)}`);
      at += whole!.length;
      continue;
    }
    const point = String.fromCodePoint(output.codePointAt(at)!);
    at += point.length;
    if (point === '\n') {
      row += 1;
      column = 0;
      continue;
    }
    const current = line();
    while (current.length < column) current.push(' ');
    current[column] = point;
    column += 1;
  }
  const text = Array.from({ length: lines.length }, (_, i) => (lines[i] ?? []).join('').trimEnd());
  while (text.length > 0 && text[text.length - 1] === '') text.pop();
  return text;
}
