// Text from the cluster made safe to print on a terminal. A Canary's status
// carries text others wrote (check messages from Sentry issue titles, reasons,
// stage names): an ESC, OSC or other C0/C1 control character in it would let
// that text move the cursor, retitle the window or hide lines, and a bidi
// override would make it read backwards. Each such character is shown as a
// visible escape instead (`\x1b`, `\u202e`), as `cat -v` or git do, so the
// reader sees that something odd was stored. Own code rather than strip-ansi:
// that removes only well-formed ANSI sequences, not a lone ESC, C1 or bidi.

/** C0 (but tab), DEL, C1, and the bidi embeddings/overrides/isolates U+202A–U+202E, U+2066–U+2069. */
const UNSAFE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

const visible = (char: string): string => {
  const code = char.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
};

/** `text` with every control or bidi character written as a visible escape, and tabs as a space. */
export function terminalSafeText(text: string): string {
  return text.replace(/\t/g, ' ').replace(UNSAFE, visible);
}

/** A copy of `value` (JSON-like: objects, arrays, strings, numbers, ...) whose strings, keys included, are terminalSafeText; a Date stays a Date. */
export function terminalSafe<T>(value: T): T {
  if (typeof value === 'string') return terminalSafeText(value) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => terminalSafe(item)) as T;
  if (typeof value === 'object' && value !== null && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [terminalSafeText(key), terminalSafe(item)])) as T;
  }
  return value;
}
