import { load } from 'js-yaml';
import { structuredOutput } from './structured-output.js';

const stored = {
  apiVersion: 'songbird.dev/v1alpha1',
  kind: 'Canary',
  metadata: { name: 'web', namespace: 'shop', managedFields: [{ manager: 'kubectl', operation: 'Apply', fieldsV1: {} }] },
  spec: { targetRef: { name: 'web' } },
};

describe('structuredOutput (-o json|yaml)', () => {
  it('leaves out metadata.managedFields as kubectl does by default, and keeps the rest of metadata', () => {
    const json = JSON.parse(structuredOutput(stored, 'json')) as { metadata: Record<string, unknown> };
    expect(json.metadata).toEqual({ name: 'web', namespace: 'shop' });
    expect(structuredOutput(stored, 'yaml')).not.toContain('managedFields');
  });

  it('leaves them out of every item of a List, without changing the objects it was given', () => {
    const list = load(structuredOutput([stored, stored], 'yaml')) as { kind: string; items: Array<{ metadata: Record<string, unknown> }> };
    expect(list.kind).toBe('List');
    expect(list.items.map((item) => 'managedFields' in item.metadata)).toEqual([false, false]);
    expect(stored.metadata.managedFields).toHaveLength(1);
  });
});
