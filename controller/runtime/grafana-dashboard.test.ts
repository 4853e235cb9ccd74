import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { parser } from '@prometheus-io/lezer-promql';
import { createMetrics } from './metrics.js';

// Every PromQL expression of config/monitoring/grafana-dashboard.json is parsed
// with Prometheus's own PromQL grammar (@prometheus-io/lezer-promql, strict:
// a syntax error throws), and every metric it selects must be one that
// createMetrics() registers, with only labels that metric has.

type Dashboard = {
  templating: { list: { name: string; type: string; query?: string | { query: string } }[] };
  panels: { title: string; targets?: { expr: string }[] }[];
};

const dashboard = JSON.parse(readFileSync(new URL('../../config/monitoring/grafana-dashboard.json', import.meta.url), 'utf8')) as Dashboard;
const strict = parser.configure({ strict: true });
type SyntaxNode = ReturnType<typeof strict.parse>['topNode'];

/** Labels Prometheus adds to every scraped series (https://prometheus.io/docs/concepts/jobs_instances/). */
const TARGET_LABELS = ['instance', 'job'];

/** Registered metric names (histograms as _bucket, _sum and _count too) and their label names. */
function registeredMetrics(): Map<string, string[]> {
  const names = new Map<string, string[]>();
  for (const metric of createMetrics().registry.getMetricsAsArray()) {
    const own = 'labelNames' in metric && Array.isArray(metric.labelNames) ? metric.labelNames.filter((l): l is string => typeof l === 'string') : [];
    const labels = [...own, ...TARGET_LABELS];
    const type = String(metric.type);
    names.set(metric.name, labels);
    if (type === 'histogram') names.set(`${metric.name}_bucket`, [...labels, 'le']);
    if (type === 'histogram' || type === 'summary') for (const suffix of ['_sum', '_count']) names.set(`${metric.name}${suffix}`, labels);
  }
  return names;
}

/**
 * Grafana's variables as Grafana replaces them before Prometheus sees the
 * query: its interval built-ins by a duration, the dashboard's own by a value.
 * A `$` left over is a variable the dashboard does not define.
 */
function substitute(expr: string, variables: string[]): string {
  let out = expr.replace(/\$(?:__rate_interval|__interval|__range)\b/g, '5m');
  for (const name of variables) out = out.replace(new RegExp(`\\$\\{${name}\\}|\\$${name}\\b|\\[\\[${name}\\]\\]`, 'g'), 'x');
  return out;
}

function unquote(literal: string): string {
  if (literal.startsWith('`')) return literal.slice(1, -1);
  return JSON.parse(literal.startsWith("'") ? `"${literal.slice(1, -1).replace(/"/g, '\\"')}"` : literal) as string;
}

type Selected = { metric?: string; labels: string[] };

/** What one VectorSelector selects: its exact metric name (undefined when it has none) and its matchers' labels. */
function selected(node: SyntaxNode, text: string): Selected {
  const at = (n: SyntaxNode | null): string => (n ? text.slice(n.from, n.to) : '');
  let metric = node.getChild('Identifier') ? at(node.getChild('Identifier')) : undefined;
  const labels: string[] = [];
  for (let child = node.getChild('LabelMatchers')?.firstChild ?? null; child; child = child.nextSibling) {
    if (child.name === 'QuotedLabelName') metric = unquote(at(child));
    if (child.name !== 'UnquotedLabelMatcher' && child.name !== 'QuotedLabelMatcher') continue;
    const label = child.name === 'UnquotedLabelMatcher' ? at(child.getChild('LabelName')) : unquote(at(child.getChild('QuotedLabelName')));
    const exact = child.getChild('MatchOp')?.getChild('EqlSingle') !== null;
    if (label === '__name__' && exact) metric = unquote(at(child.getChild('StringLiteral')));
    else if (label !== '__name__') labels.push(label);
  }
  return { metric, labels };
}

/** The problems of one expression: a syntax error, or a selector of an unregistered metric or label. */
function promqlProblems(expr: string, registered: Map<string, string[]>, variables: string[] = []): string[] {
  const text = substitute(expr, variables);
  if (text.includes('$')) return [`undefined Grafana variable in ${text}`];
  let tree;
  try {
    tree = strict.parse(text);
  } catch (error) {
    return [`does not parse: ${(error as Error).message} in ${text}`];
  }
  const problems: string[] = [];
  tree.iterate({
    enter: (ref) => {
      if (ref.name !== 'VectorSelector') return;
      const { metric, labels } = selected(ref.node, text);
      if (metric === undefined) return void problems.push(`a selector with no exact metric name: ${text.slice(ref.from, ref.to)}`);
      const known = registered.get(metric);
      if (!known) return void problems.push(`${metric} is not registered by createMetrics()`);
      for (const label of labels) if (!known.includes(label)) problems.push(`${metric} has no label ${label}`);
    },
  });
  return problems;
}

/** Grafana's label_values(<selector>, <label>) query of a variable, as the selector and the label. */
function labelValuesQuery(query: string): { selector: string; label: string } | undefined {
  const match = /^label_values\((.+),\s*([A-Za-z_][A-Za-z0-9_]*)\)$/.exec(query.trim());
  return match ? { selector: match[1]!, label: match[2]! } : undefined;
}

const registered = registeredMetrics();
const variables = dashboard.templating.list.map((v) => v.name);
const panelExpressions = dashboard.panels.flatMap((panel) => (panel.targets ?? []).map((t): [string, string] => [panel.title, t.expr]));
const variableQueries = dashboard.templating.list
  .filter((v) => v.type === 'query')
  .map((v): [string, string] => [v.name, typeof v.query === 'string' ? v.query : v.query?.query ?? '']);

describe('the Grafana dashboard', () => {
  it('has the panels the design names when it is read', () => {
    const titles = dashboard.panels.map((p) => p.title.toLowerCase()).join(' | ');
    for (const word of ['phase', 'weight', 'rollouts', 'decision time', 'reconcile duration p95', 'queue depth', 'errors', 'leader']) expect(titles).toContain(word);
  });

  it.each(panelExpressions)('selects only registered metrics when panel %s queries %s', (_, expr) => {
    expect(promqlProblems(expr, registered, variables)).toEqual([]);
  });

  it.each(variableQueries)('selects a registered metric and label when variable %s queries %s', (_, query) => {
    const parts = labelValuesQuery(query);
    expect(parts).toBeDefined();
    expect(promqlProblems(parts!.selector, registered, variables)).toEqual([]);
    const metric = /^[A-Za-z_:][A-Za-z0-9_:]*/.exec(parts!.selector)?.[0] ?? '';
    expect(registered.get(metric)).toContain(parts!.label);
  });
});

describe('promqlProblems', () => {
  it('names the metric when a selector reads one createMetrics() does not register', () => {
    expect(promqlProblems('sum(rate(songbird_rollouts_total[5m]))', registered)).toEqual(['songbird_rollouts_total is not registered by createMetrics()']);
  });

  it('accepts histogram series when a query reads _bucket, _sum and _count', () => {
    const expr = 'histogram_quantile(0.9, sum by (le) (rate(songbird_reconcile_duration_seconds_bucket[5m]))) + songbird_reconcile_duration_seconds_sum / songbird_reconcile_duration_seconds_count';
    expect(promqlProblems(expr, registered)).toEqual([]);
  });

  it('finds the metric when it is named by __name__ or quoted', () => {
    expect(promqlProblems('{__name__="songbird_leaders"} + {"songbird_lead"}', registered)).toEqual([
      'songbird_leaders is not registered by createMetrics()',
      'songbird_lead is not registered by createMetrics()',
    ]);
  });

  it('refuses a selector when it names no exact metric', () => {
    expect(promqlProblems('{__name__=~"songbird_.*"}', registered)).toEqual(['a selector with no exact metric name: {__name__=~"songbird_.*"}']);
  });

  it('names the label when a matcher uses one the metric does not have', () => {
    expect(promqlProblems('songbird_check_value{canary="podinfo"}', registered)).toEqual(['songbird_check_value has no label canary']);
  });

  it('reports a syntax error when the expression does not parse', () => {
    expect(promqlProblems('sum(rate(songbird_leader[5m])', registered)[0]).toMatch(/^does not parse/);
  });

  it('reports a variable when the dashboard does not define it', () => {
    expect(promqlProblems('songbird_leader{instance=~"$pod"}', registered, ['namespace'])).toEqual(['undefined Grafana variable in songbird_leader{instance=~"$pod"}']);
  });
});
