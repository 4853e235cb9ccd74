import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadAll } from 'js-yaml';
import { parseCanarySpec } from './canary.js';

describe('examples/canary.yaml', () => {
  it('is a valid Canary by the same schema the controller uses', () => {
    const text = readFileSync(fileURLToPath(new URL('../../examples/canary.yaml', import.meta.url)), 'utf8');
    const [canary] = loadAll(text) as Array<{ kind: string; spec: unknown }>;
    expect(canary?.kind).toBe('Canary');
    const parsed = parseCanarySpec(canary?.spec);
    if (!parsed.ok) throw new Error(parsed.error.message);
    expect(parsed.spec.analysis.checks.map((c) => c.type)).toEqual(['comparison', 'successRate', 'latency', 'sentryNewIssues', 'promql']);
  });
});
