// A revision names a pod template: the first 10 hex characters of the
// sha256 of its canonical JSON (object keys sorted, undefined dropped). Every
// property counts, whether or not client-node has a model for it: the
// template comes from the apiserver's raw JSON (deployment-json-api.ts), so a
// change to only a newer field (e.g. 1.36's spec.schedulingGroup) is a new
// revision.
import { createHash } from 'node:crypto';

export function canonicalJson(value: unknown): string {
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item === undefined ? null : item)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export function podTemplateRevision(template: unknown): string {
  return createHash('sha256').update(canonicalJson(template ?? {})).digest('hex').slice(0, 10);
}
