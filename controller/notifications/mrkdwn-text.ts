// Slack mrkdwn: the three control characters of user-provided text must be
// escaped (api.slack.com/reference/surfaces/formatting#escaping), links are
// written <url|label>. Everything a Canary's author or Sentry supplies goes
// through here before it is put into a message.

/** Escapes &, < and > so user text can neither format nor mention (<!channel>). */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Shortens to at most `max` characters, marking the cut with an ellipsis. Cut before escaping. */
export function clip(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, Math.max(0, max - 1)).join('')}…`;
}

/** User text made safe for mrkdwn: clipped, then escaped. */
export function plain(text: string, max = 300): string {
  return escapeMrkdwn(clip(text, max));
}

/**
 * A link with an escaped label. Only http(s) URLs become links; anything else
 * is shown as text, so a crafted permalink cannot smuggle in a mention.
 */
export function link(url: string, label: string, maxLabel = 150): string {
  const safeLabel = plain(label, maxLabel);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return safeLabel;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return safeLabel;
  const href = escapeMrkdwn(parsed.toString().replace(/\|/g, '%7C'));
  return `<${href}|${safeLabel}>`;
}
