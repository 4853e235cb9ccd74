// Sentry search syntax for the few filters the adapter sends. Values are
// always quoted, so release names like `shop@2.0.0+build 7` stay one token.

export function quoted(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

export function term(key: string, value: string): string {
  return `${key}:${quoted(value)}`;
}

/** `level:error` for one level, `level:[error,fatal]` (Sentry's "in" list) for several. */
export function levelTerm(levels: readonly string[]): string | undefined {
  const clean = levels.map((l) => l.trim()).filter((l) => /^[a-z]+$/.test(l));
  if (clean.length === 0) return undefined;
  return clean.length === 1 ? `level:${clean[0]}` : `level:[${clean.join(',')}]`;
}

export function newIssuesQuery(release: string, levels?: readonly string[]): string {
  const level = levels ? levelTerm(levels) : undefined;
  return [term('firstRelease', release), level].filter((p): p is string => p !== undefined).join(' ');
}

export function errorEventsQuery(release: string): string {
  return `${term('release', release)} event.type:error`;
}

/** Transactions of one release (the transactions dataset's event.type). */
export function transactionsQuery(release: string): string {
  return `${term('release', release)} event.type:transaction`;
}

export function releaseQuery(release: string): string {
  return term('release', release);
}
