/**
 * `text` cut to at most `max` code points, the last of them `ellipsis` when
 * anything was cut. Cuts between code points, so no half surrogate pair (a
 * lone `\ud83d`) ever reaches a reason, an Event or a Slack message.
 */
export function clipCodePoints(text: string, max: number, ellipsis = '…'): string {
  const points = [...text];
  if (points.length <= max) return text;
  return `${points.slice(0, Math.max(0, max - [...ellipsis].length)).join('')}${ellipsis}`;
}
