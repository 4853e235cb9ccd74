// -o json and -o yaml: the objects as the apiserver answered them, as kubectl
// prints them (a list is a v1 List; YAML by js-yaml, JSON indented by 4).
import { dump } from 'js-yaml';

/** One object, or several as `{apiVersion: v1, kind: List, items}`, in `format`; ends with a newline. */
export function structuredOutput(objects: unknown | readonly unknown[], format: 'json' | 'yaml'): string {
  const value = Array.isArray(objects) ? { apiVersion: 'v1', kind: 'List', items: objects, metadata: { resourceVersion: '' } } : objects;
  return format === 'json' ? `${JSON.stringify(value, null, 4)}\n` : dump(value, { noRefs: true, lineWidth: -1 });
}
