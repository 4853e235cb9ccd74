import { z } from 'zod';
import { canarySpecSchema } from './canary-spec.js';
import { canaryStatusSchema } from './canary-status.js';
import { GROUP, KIND, PLURAL, VERSION } from './canary.js';
import { CANARY_NAME_CEL_RULE } from './generated-names.js';

type JsonSchema = { [key: string]: unknown };

const DROPPED_KEYS = new Set(['$schema', 'additionalProperties', 'id', '$id']);

/**
 * Kubernetes accepts only structural schemas: every object lists its
 * properties outside of oneOf/anyOf. zod's union variants are merged into one
 * object whose properties are the union of the variants'; the controller
 * still validates the exact variant at run time.
 */
export function toStructural(schema: JsonSchema): JsonSchema {
  const variants = (schema.oneOf ?? schema.anyOf) as JsonSchema[] | undefined;
  if (variants && scalarsOfOneType(variants)) return mergeScalars(variants, schema);
  if (variants) return mergeVariants(variants.map(toStructural), schema);
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (DROPPED_KEYS.has(key)) continue;
    if (key === 'properties') out.properties = mapValues(value as Record<string, JsonSchema>, toStructural);
    else if (key === 'items') out.items = toStructural(value as JsonSchema);
    else out[key] = value;
  }
  return out;
}

/** Whether a union's variants are all values of one JSON type other than object (e.g. z.union of number literals). */
function scalarsOfOneType(variants: JsonSchema[]): boolean {
  const types = new Set(variants.map((v) => v.type));
  return types.size === 1 && typeof variants[0]!.type === 'string' && variants[0]!.type !== 'object' && variants[0]!.type !== 'array';
}

/** A union of scalars of one type as that type, its values an enum when every variant lists them; the outer schema's default and description kept. */
function mergeScalars(variants: JsonSchema[], outer: JsonSchema): JsonSchema {
  const { oneOf: _oneOf, anyOf: _anyOf, ...rest } = outer;
  const merged: JsonSchema = { ...toStructural(rest), type: variants[0]!.type };
  if (variants.every((v) => Array.isArray(v.enum))) merged.enum = [...new Set(variants.flatMap((v) => v.enum as unknown[]))];
  return merged;
}

function mergeVariants(variants: JsonSchema[], outer: JsonSchema): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  for (const variant of variants) {
    for (const [name, property] of Object.entries((variant.properties ?? {}) as Record<string, JsonSchema>)) {
      properties[name] = properties[name] ? mergeProperty(properties[name], property) : property;
    }
  }
  const requiredSets = variants.map((v) => new Set((v.required ?? []) as string[]));
  const required = [...(requiredSets[0] ?? [])].filter((name) => requiredSets.every((set) => set.has(name)));
  const merged: JsonSchema = { type: 'object', properties };
  if (required.length > 0) merged.required = required;
  if (outer.description) merged.description = outer.description;
  return merged;
}

function mergeProperty(a: JsonSchema, b: JsonSchema): JsonSchema {
  if (Array.isArray(a.enum) && Array.isArray(b.enum)) return { ...a, enum: [...new Set([...a.enum, ...b.enum])] };
  const { default: _a, description: da, ...restA } = a;
  const { default: _b, description: db, ...restB } = b;
  if (JSON.stringify(restA) === JSON.stringify(restB)) return { ...restA, description: da ?? db };
  return { type: a.type, description: [da, db].filter(Boolean).join(' / ') || undefined };
}

function mapValues<T, U>(record: Record<string, T>, fn: (value: T) => U): Record<string, U> {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, fn(value)]));
}

/** A zod schema's input as the CRD's OpenAPI v3 schema, made structural (toStructural). */
export function openApi(schema: z.ZodType): JsonSchema {
  return toStructural(z.toJSONSchema(schema, { io: 'input', target: 'openapi-3.0', unrepresentable: 'any' }) as JsonSchema);
}

export function canaryCrd(): JsonSchema {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${PLURAL}.${GROUP}` },
    spec: {
      group: GROUP,
      names: { kind: KIND, listKind: `${KIND}List`, plural: PLURAL, singular: 'canary', shortNames: ['sbc'] },
      scope: 'Namespaced',
      versions: [
        {
          name: VERSION,
          served: true,
          storage: true,
          subresources: { status: {} },
          additionalPrinterColumns: [
            { name: 'Phase', type: 'string', jsonPath: '.status.phase' },
            { name: 'Stage', type: 'string', jsonPath: '.status.stageName' },
            { name: 'Weight', type: 'integer', jsonPath: '.status.canaryWeight' },
            { name: 'Failed', type: 'integer', jsonPath: '.status.failedChecks' },
            { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
          ],
          schema: {
            openAPIV3Schema: {
              type: 'object',
              description: 'A Canary rolls each new revision of a Deployment out to internal users first, then to a rising share of customers, while checks decide.',
              properties: {
                apiVersion: { type: 'string' },
                kind: { type: 'string' },
                // Kubernetes allows constraints on metadata.name (and generateName) only; naming it here
                // lets the root rule below point its error at .metadata.name.
                metadata: { type: 'object', properties: { name: { type: 'string' } } },
                spec: openApi(canarySpecSchema),
                status: openApi(canaryStatusSchema),
              },
              required: ['spec'],
              'x-kubernetes-validations': [CANARY_NAME_CEL_RULE],
            },
          },
        },
      ],
    },
  };
}
