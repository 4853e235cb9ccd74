// Slack mrkdwn that never breaks. Slack uses &, < and > as control characters
// and wants them escaped as &amp; &lt; &gt; (api.slack.com/reference/surfaces/
// formatting#escaping); links are written <url|label>. Everything a Canary's
// author or Sentry supplies goes through here before it is put into a message.
//
// Lengths: Slack's limits are in characters; here every budget is counted in
// UTF-16 code units of the escaped text, which is never fewer, so a text that
// fits here fits in Slack. Clipping happens on the raw text, between grapheme
// clusters, BEFORE escaping: a cut can never leave half an entity (`&am`), a
// half emoji or an unclosed link.

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };
const ELLIPSIS = '…';
const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/** Escapes &, < and > so user text can neither format a link nor mention (<!channel>). */
export function escapeMrkdwn(text: string): string {
  return text.replace(/[&<>]/g, (c) => ENTITIES[c] ?? c);
}

/** Length of `text` once escaped, in UTF-16 code units. */
export function escapedLength(text: string): number {
  let length = text.length;
  for (const c of text) if (c in ENTITIES) length += (ENTITIES[c]?.length ?? 1) - 1;
  return length;
}

/**
 * Shortens raw text so that, escaped, it takes at most `max` UTF-16 code units,
 * the closing ellipsis included. Cuts between grapheme clusters; returns the
 * text unchanged when it already fits.
 */
export function clip(text: string, max: number): string {
  if (escapedLength(text) <= max) return text;
  let kept = '';
  let used = ELLIPSIS.length;
  for (const { segment } of graphemes.segment(text)) {
    const cost = escapedLength(segment);
    if (used + cost > max) break;
    kept += segment;
    used += cost;
  }
  return max >= ELLIPSIS.length ? `${kept}${ELLIPSIS}` : '';
}

/** User text on one line (line breaks and tabs become spaces), clipped to `max` escaped code units, then escaped. */
export function plain(text: string, max = 300): string {
  return escapeMrkdwn(clip(text.replace(/[\r\n\t\v\f\u2028\u2029]+/g, ' '), max));
}

/**
 * Look-alikes for the characters mrkdwn formats with: `*bold*`, `_italic_`,
 * `~strike~` and `` `code` ``. Slack has no escape for them, and a zero-width
 * space does not help: Slack reads it as a word boundary, which is what lets
 * formatting start (jsx-slack's "exact mode" inserts one to force formatting).
 * Inside a link label the date-fallback trick does not work either, so the
 * characters are replaced by near-identical ones, as jsx-slack does for labels.
 */
const LOOK_ALIKES: Readonly<Record<string, string>> = { '*': '\u2217', _: '\u02cd', '~': '\u223c', '`': '\u02cb' };
const WORD = /[\p{L}\p{N}]/u;

/**
 * Text that must show as written (a Sentry issue title, a reason quoting one):
 * a formatting character becomes its look-alike wherever it could open or
 * close formatting. `*`, `_` and `~` between two letters or digits cannot
 * (Slack formats only at word boundaries), so identifiers such as
 * `http_requests_total` keep their real characters; a backtick always changes.
 */
export function unformatted(text: string): string {
  return text.replace(/[*_~`]/g, (c, at: number) => {
    const inWord = c !== '`' && WORD.test(text[at - 1] ?? '') && WORD.test(text[at + 1] ?? '');
    return inWord ? c : (LOOK_ALIKES[c] ?? c);
  });
}

/** Links whose URL passes this many escaped code units are shown as their label only. */
const MAX_LINK_URL = 1000;

/**
 * A link with a label clipped to `maxLabel` (escaped code units) and escaped.
 * Only http(s) URLs become links; anything else (or an absurdly long URL) is
 * shown as the label alone, so a crafted permalink cannot smuggle in a mention.
 */
export function link(url: string, label: string, maxLabel = 150): string {
  const safeLabel = plain(label, maxLabel) || ELLIPSIS;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return safeLabel;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return safeLabel;
  const href = escapeMrkdwn(parsed.toString().replace(/\|/g, '%7C'));
  if (href.length > MAX_LINK_URL) return safeLabel;
  return `<${href}|${safeLabel}>`;
}

export interface FitOptions {
  /** Show at most this many lines. */
  readonly maxLines?: number;
  /** The last line when some are left out; default "…and N more lines". */
  readonly more?: (hidden: number) => string;
}

const moreLines = (hidden: number): string => `…and ${hidden} more line${hidden === 1 ? '' : 's'}`;

/**
 * Joins whole lines of escaped mrkdwn with "\n" within `max` code units. Lines
 * are never cut: when not all fit, as many as fit are shown, in order, and a
 * last line says how many were left out.
 */
export function fitLines(lines: readonly string[], max: number, options: FitOptions = {}): string {
  const maxLines = options.maxLines ?? Number.POSITIVE_INFINITY;
  const all = lines.join('\n');
  if (lines.length <= maxLines && all.length <= max) return all;
  const more = options.more ?? moreLines;
  const joined = [0];
  lines.forEach((line, i) => joined.push((joined[i] ?? 0) + (i > 0 ? 1 : 0) + line.length));
  for (let shown = Math.min(lines.length - 1, maxLines); shown >= 0; shown -= 1) {
    const tail = more(lines.length - shown);
    if ((joined[shown] ?? 0) + (shown > 0 ? 1 : 0) + tail.length <= max) return [...lines.slice(0, shown), tail].join('\n');
  }
  return clip(more(lines.length), max);
}
