// Durations as kubectl prints an AGE column: k8s.io/apimachinery
// pkg/util/duration HumanDuration (2m30s, 45m, 3h12m, 5d2h, 2y10d).

/** `ms` as kubectl's AGE: seconds up to 2 minutes, then minutes and seconds, ..., years. Negative is `0s`. */
export function humanDuration(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) return seconds % 60 === 0 ? `${minutes}m` : `${minutes}m${seconds % 60}s`;
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) return minutes % 60 === 0 ? `${hours}h` : `${hours}h${minutes % 60}m`;
  if (hours < 48) return `${hours}h`;
  const days = Math.floor(hours / 24);
  if (hours < 192) return hours % 24 === 0 ? `${days}d` : `${days}d${hours % 24}h`;
  if (days < 365 * 2) return `${days}d`;
  const years = Math.floor(days / 365);
  if (years < 8) return days % 365 === 0 ? `${years}y` : `${years}y${days % 365}d`;
  return `${years}y`;
}

/** The time from an RFC 3339 timestamp to `now`, as humanDuration; `-` when there is none or it does not parse. */
export function ageOf(since: string | undefined, now: Date): string {
  if (!since) return '-';
  const at = Date.parse(since);
  return Number.isNaN(at) ? '-' : humanDuration(now.getTime() - at);
}
