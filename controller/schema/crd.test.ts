import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { canarySpecSchema } from './canary-spec.js';
import { canaryCrd, toStructural } from './crd.js';
import { renderCrdYaml } from './crd-yaml.js';

type JsonSchema = { [key: string]: unknown };

/** A property's JSON type as the merged CRD keeps it (arrays by their items' type). */
const typeOf = (property: JsonSchema): string => (property.type === 'array' ? `array of ${typeOf((property.items ?? {}) as JsonSchema)}` : String(property.type));

/** Whether the type the merged CRD keeps (the first variant's) accepts another variant's values: the same type, or integers where it keeps number. */
const accepts = (kept: string, type: string): boolean => kept === type || kept.replace(/integer$/, 'number') === type.replace(/integer$/, 'number') && !kept.endsWith('integer');

/**
 * Every field that two variants of one union (anywhere under `schema`) type differently, as
 * "<path>.<field>: <type> vs <type>". The CRD merges a union's variants into one object and keeps
 * one type per field (crd.ts mergeProperty), so the apiserver would refuse the other variant's values.
 */
function fieldTypeConflicts(schema: JsonSchema, at: string): string[] {
  const variants = (schema.oneOf ?? schema.anyOf) as JsonSchema[] | undefined;
  const conflicts: string[] = [];
  const seen = new Map<string, string>();
  for (const variant of (variants ?? []).map(toStructural)) {
    for (const [name, property] of Object.entries((variant.properties ?? {}) as Record<string, JsonSchema>)) {
      const type = typeOf(property);
      const kept = seen.get(name);
      if (kept === undefined) seen.set(name, type);
      else if (!accepts(kept, type)) conflicts.push(`${at}.${name}: ${kept} vs ${type}`);
    }
  }
  const children: Array<[string, JsonSchema]> = [
    ...Object.entries((schema.properties ?? {}) as Record<string, JsonSchema>).map(([name, child]): [string, JsonSchema] => [`${at}.${name}`, child]),
    ...(schema.items ? [[`${at}[]`, schema.items as JsonSchema] as [string, JsonSchema]] : []),
    ...(variants ?? []).map((variant): [string, JsonSchema] => [at, variant]),
  ];
  return [...conflicts, ...children.flatMap(([path, child]) => fieldTypeConflicts(child, path))];
}

const inputSchema = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'input', target: 'openapi-3.0', unrepresentable: 'any' }) as JsonSchema;

describe('canary CRD', () => {
  it('types every field that several variants of a union share (check types among them) the same in each, so the merged CRD keeps the type each variant needs', () => {
    expect(fieldTypeConflicts(inputSchema(canarySpecSchema), 'spec')).toEqual([]);
  });

  it('finds a field two check types type differently (sentryLatency percentile once a string, latency\'s a number)', () => {
    const checks = z.object({
      checks: z.array(
        z.discriminatedUnion('type', [
          z.object({ type: z.literal('latency'), percentile: z.number() }),
          z.object({ type: z.literal('sentryLatency'), percentile: z.enum(['p50', 'p95']), levels: z.array(z.string()) }),
          z.object({ type: z.literal('sentryNewIssues'), levels: z.array(z.number()), max: z.number().int() }),
          // integer after number is accepted (the CRD keeps number), number after integer is not.
          z.object({ type: z.literal('promql'), max: z.number(), min: z.number().int() }),
          z.object({ type: z.literal('wavefront'), min: z.number() }),
        ]),
      ),
    });
    expect(fieldTypeConflicts(inputSchema(checks), 'spec')).toEqual([
      'spec.checks[].percentile: number vs string',
      'spec.checks[].levels: array of string vs array of number',
      'spec.checks[].max: integer vs number',
      'spec.checks[].min: integer vs number',
    ]);
  });

  it('matches the committed crds/canary.yaml (run `make crds` when this fails)', () => {
    const committed = readFileSync(fileURLToPath(new URL('../../crds/canary.yaml', import.meta.url)), 'utf8');
    expect(committed).toBe(renderCrdYaml());
  });

  it('has no oneOf, anyOf or additionalProperties anywhere, as structural schemas require', () => {
    const text = JSON.stringify(canaryCrd());
    expect(text).not.toMatch(/"(oneOf|anyOf|additionalProperties)"/);
  });

  it('types a union of number literals as a number with their values, keeping its default (sentryLatency percentile)', () => {
    const percentile = toStructural({ default: 95, description: 'p', anyOf: [{ type: 'number', enum: [50] }, { type: 'number', enum: [95] }] });
    expect(percentile).toEqual({ default: 95, description: 'p', type: 'number', enum: [50, 95] });
  });

  it('merges union variants into one object with the union of their properties', () => {
    const merged = toStructural({
      oneOf: [
        { type: 'object', properties: { type: { type: 'string', enum: ['a'] }, x: { type: 'number' } }, required: ['type', 'x'] },
        { type: 'object', properties: { type: { type: 'string', enum: ['b'] }, y: { type: 'string' } }, required: ['type'] },
      ],
    });
    expect(merged).toEqual({
      type: 'object',
      properties: { type: { type: 'string', enum: ['a', 'b'] }, x: { type: 'number' }, y: { type: 'string' } },
      required: ['type'],
    });
  });

  it('makes spec.analysis.checks a map list keyed on name, so the apiserver refuses two checks of one name', () => {
    const checks = (canaryCrd() as any).spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.analysis.properties.checks;
    expect(checks).toMatchObject({ type: 'array', 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name'] });
    expect(checks.items.required).toContain('name');
  });

  it('refuses an analysis interval under 1s at admission too (a CEL rule on spec.analysis.interval)', () => {
    const interval = (canaryCrd() as any).spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.analysis.properties.interval;
    expect(interval['x-kubernetes-validations']).toEqual([{ rule: "duration(self) >= duration('1s')", message: 'at least 1s (checks run at most once a second)' }]);
  });

  it('carries the schema defaults into the CRD', () => {
    const spec = (canaryCrd() as any).spec.versions[0].schema.openAPIV3Schema.properties.spec;
    expect(spec.properties.progressDeadlineSeconds.default).toBe(600);
    expect(spec.properties.service.properties.gateways.default).toEqual(['mesh']);
  });
});
