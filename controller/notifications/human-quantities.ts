// Numbers, durations and counts as a person reads them at a glance. Fixed
// locale (en-US) so messages do not depend on where the controller runs.

const grouped = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** 99.6234 → "99.62", 1234 → "1,234", 0.000123 → "0.000123", null → "no value". */
export function formatValue(value: number | null): string {
  if (value === null || Number.isNaN(value)) return 'no value';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '-∞';
  if (Number.isInteger(value)) return grouped.format(value);
  const magnitude = Math.abs(value);
  if (magnitude >= 100) return new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 }).format(value);
  if (magnitude >= 1) return new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 }).format(value);
  return new Intl.NumberFormat('en-US', { maximumSignificantDigits: 3 }).format(value);
}

/** 1 → "1 request", 12345 → "12,345 requests", NaN or ±∞ → "an unknown number of requests". */
export function formatCount(count: number, noun: string, plural = `${noun}s`): string {
  if (!Number.isFinite(count)) return `an unknown number of ${plural}`;
  const rounded = Math.round(count);
  return `${grouped.format(rounded)} ${rounded === 1 ? noun : plural}`;
}

/**
 * 0 → "0s", 45_000 → "45s", 870_000 → "14m 30s", 4_320_000 → "1h 12m",
 * 90_000_000 → "1d 1h"; negative → "0s"; NaN or ±∞ (a clock that was not
 * read) → "unknown".
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return 'unknown';
  const totalSeconds = Math.max(0, Math.round(ms / 1000));
  const days = Math.floor(totalSeconds / 86_400);
  const hours = Math.floor((totalSeconds % 86_400) / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  if (days > 0) return hours > 0 ? `${days}d ${hours}h` : `${days}d`;
  if (hours > 0) return minutes > 0 ? `${hours}h ${minutes}m` : `${hours}h`;
  if (minutes > 0) return seconds > 0 ? `${minutes}m ${seconds}s` : `${minutes}m`;
  return `${seconds}s`;
}

/** Canary weight as the split of everyone else's traffic: 10 → "canary 10 % · primary 90 %". */
export function formatSplit(canaryWeight: number): string {
  const canary = Math.min(100, Math.max(0, canaryWeight));
  return `canary ${formatValue(canary)} % · primary ${formatValue(100 - canary)} %`;
}
