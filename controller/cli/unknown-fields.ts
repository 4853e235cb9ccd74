// Unknown fields of an object as the apiserver's strict field validation
// finds them (kubectl apply's default, --validate=strict): every field the
// CRD's structural schema does not declare is refused with
// `unknown field "spec.service.gatways"`. zod strips unknown keys, so
// `validate` needs this walk to refuse what the apiserver refuses.
import { canaryCrd } from '../schema/crd.js';

/** An OpenAPI v3 structural schema node, as in a CRD (only the keys that declare fields are read). */
export interface StructuralSchema {
  readonly type?: unknown;
  readonly properties?: Readonly<Record<string, StructuralSchema>>;
  readonly items?: StructuralSchema;
  readonly additionalProperties?: boolean | StructuralSchema;
  readonly 'x-kubernetes-preserve-unknown-fields'?: boolean;
}

/**
 * ObjectMeta's fields (k8s.io/apimachinery/pkg/apis/meta/v1 types.go). The
 * apiserver checks `metadata` against ObjectMeta, not against the CRD's schema
 * (which may name metadata.name only).
 */
const OBJECT_META: StructuralSchema = {
  type: 'object',
  properties: Object.fromEntries([
    ...['name', 'generateName', 'namespace', 'selfLink', 'uid', 'resourceVersion', 'creationTimestamp', 'deletionTimestamp'].map((k) => [k, { type: 'string' }]),
    ...['generation', 'deletionGracePeriodSeconds'].map((k) => [k, { type: 'integer' }]),
    ['labels', { type: 'object', additionalProperties: { type: 'string' } }],
    ['annotations', { type: 'object', additionalProperties: { type: 'string' } }],
    ['finalizers', { type: 'array', items: { type: 'string' } }],
    ['ownerReferences', { type: 'array', items: { type: 'object', properties: Object.fromEntries(['apiVersion', 'kind', 'name', 'uid', 'controller', 'blockOwnerDeletion'].map((k) => [k, {}])) } }],
    ['managedFields', { type: 'array', items: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } }],
  ]) as Record<string, StructuralSchema>,
};

/** The Canary CRD's served schema (controller/schema/crd.ts canaryCrd()), with metadata as ObjectMeta. */
export function canaryStructuralSchema(): StructuralSchema {
  const crd = canaryCrd() as { spec: { versions: Array<{ schema: { openAPIV3Schema: StructuralSchema } }> } };
  const root = crd.spec.versions[0]!.schema.openAPIV3Schema;
  return { ...root, properties: { ...root.properties, metadata: OBJECT_META } };
}

/**
 * The paths of every field of `value` that `schema` does not declare, in
 * document order, as the apiserver writes them: dotted names, `[i]` for list
 * items (`spec.analysis.checks[0].bogus`). A node with
 * x-kubernetes-preserve-unknown-fields or `additionalProperties: true` takes
 * any field; an `additionalProperties` schema applies to every undeclared
 * key. Values of the wrong type are left to the type check (zod).
 */
export function unknownFields(value: unknown, schema: StructuralSchema, path = ''): string[] {
  if (Array.isArray(value)) {
    if (!schema.items) return [];
    const items = schema.items;
    return value.flatMap((item, index) => unknownFields(item, items, `${path}[${index}]`));
  }
  if (value === null || typeof value !== 'object') return [];
  const declared = schema.properties;
  const extra = schema.additionalProperties;
  const takesAny = schema['x-kubernetes-preserve-unknown-fields'] === true || extra === true;
  if (!declared && (takesAny || extra === undefined) && schema.type !== 'object') return [];
  const found: string[] = [];
  for (const [key, field] of Object.entries(value as Record<string, unknown>)) {
    const at = path === '' ? key : `${path}.${key}`;
    const known = declared && Object.hasOwn(declared, key) ? declared[key] : typeof extra === 'object' ? extra : undefined;
    if (known) found.push(...unknownFields(field, known, at));
    else if (!takesAny) found.push(at);
  }
  return found;
}

/** `unknown field "<path>"`, the apiserver's words (strict decoding error). */
export function unknownFieldProblem(path: string): string {
  return `unknown field "${path}"`;
}
