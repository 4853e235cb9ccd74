// The small part of Wavefront Query Language the stand-in understands, parsed strictly:
//   ts(<metric>[, <filter> [and <filter>]...])        every series of the metric whose point tags match
//   sum(E) | avg(E) | min(E) | max(E)                  the series of E combined point by point into one
// <metric> is "quoted" or bare (letters, digits, - _ . ~); <filter> is key=value or key="value".
// Syntax: docs.wavefront.com query_language_reference.html (ts(), point tag filters, and; the
// aggregation functions sum, avg, min, max). Anything else is refused with the reason.

export type Aggregation = 'sum' | 'avg' | 'min' | 'max';

export type WqlExpression =
  | { kind: 'ts'; metric: string; tags: Record<string, string> }
  | { kind: 'aggregate'; aggregation: Aggregation; of: WqlExpression };

export type WqlParse = { ok: true; expression: WqlExpression } | { ok: false; reason: string };

const BARE = /^[A-Za-z0-9_.~-]+$/;

/** Parses `query`, or says why the stand-in refuses it. */
export function parseWql(query: string): WqlParse {
  try {
    return { ok: true, expression: parseExpression(query.trim()) };
  } catch (error) {
    return { ok: false, reason: (error as Error).message };
  }
}

function parseExpression(text: string): WqlExpression {
  const call = /^([A-Za-z_]+)\s*\(([\s\S]*)\)$/.exec(text);
  if (!call) throw new Error(`Syntax error: expected a function call, got "${text}"`);
  const [, name, inner] = call as unknown as [string, string, string];
  if (name === 'ts') return parseTs(inner.trim());
  if (name === 'sum' || name === 'avg' || name === 'min' || name === 'max') return { kind: 'aggregate', aggregation: name, of: parseExpression(inner.trim()) };
  throw new Error(`Unknown function: ${name} (the stand-in knows ts, sum, avg, min, max)`);
}

function parseTs(inner: string): WqlExpression {
  const comma = inner.indexOf(',');
  const metricText = (comma < 0 ? inner : inner.slice(0, comma)).trim();
  const metric = unquote(metricText);
  if (!metric || (!metricText.startsWith('"') && !BARE.test(metric))) throw new Error(`Syntax error: "${metricText}" is not a metric name`);
  const tags: Record<string, string> = {};
  if (comma >= 0) {
    for (const filter of inner.slice(comma + 1).split(/\s+and\s+/)) {
      const match = /^\s*([A-Za-z0-9_.-]+)\s*=\s*("(?:[^"\\]|\\.)*"|[A-Za-z0-9_.~-]+)\s*$/.exec(filter);
      if (!match) throw new Error(`Syntax error: "${filter.trim()}" is not a point tag filter key=value`);
      tags[match[1]!] = unquote(match[2]!);
    }
  }
  return { kind: 'ts', metric, tags };
}

const unquote = (text: string): string => (text.startsWith('"') && text.endsWith('"') && text.length >= 2 ? text.slice(1, -1).replace(/\\(.)/g, '$1') : text);
