// -o json and -o yaml: the objects as the apiserver answered them, as kubectl
// prints them (a list is a v1 List; YAML by js-yaml, JSON indented by 4),
// without metadata.managedFields, which kubectl leaves out unless
// --show-managed-fields is given.
import { dump } from 'js-yaml';

/** One object, or several as `{apiVersion: v1, kind: List, items}`, in `format`, each without metadata.managedFields; ends with a newline. */
export function structuredOutput(objects: unknown | readonly unknown[], format: 'json' | 'yaml'): string {
  const value = Array.isArray(objects) ? { apiVersion: 'v1', kind: 'List', items: objects.map(withoutManagedFields), metadata: { resourceVersion: '' } } : withoutManagedFields(objects);
  return format === 'json' ? `${JSON.stringify(value, null, 4)}\n` : dump(value, { noRefs: true, lineWidth: -1 });
}

/** A copy of a Kubernetes object without metadata.managedFields (the object itself is left alone); anything else as it is. */
function withoutManagedFields(object: unknown): unknown {
  const metadata = (object as { metadata?: unknown } | null)?.metadata;
  if (typeof metadata !== 'object' || metadata === null || !('managedFields' in metadata)) return object;
  const { managedFields: _dropped, ...rest } = metadata as Record<string, unknown>;
  return { ...(object as Record<string, unknown>), metadata: rest };
}
