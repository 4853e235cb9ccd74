import { describe, expect, it } from '@jest/globals';
import { load } from 'js-yaml';
import { readFileSync } from 'node:fs';
import { benchFlowSchema } from './songbird-flow-schema.js';

describe("the bench's copy of config/'s leader-election FlowSchema", () => {
  it("matches config/'s ServiceAccount and Lease namespace in config/, and the bench's in the copy", () => {
    const serviceAccount = load(readFileSync('config/rbac/service-account.yaml', 'utf8')) as { metadata: { name: string } };
    const installed = load(readFileSync('config/flowcontrol/leader-election-flow-schema.yaml', 'utf8')) as ReturnType<typeof benchFlowSchema>;
    expect(installed.spec.rules[0]!.subjects[0]!.serviceAccount).toEqual({ name: serviceAccount.metadata.name, namespace: 'songbird-system' });
    const copy = benchFlowSchema('bench-scale-system', 'songbird');
    expect(copy.spec.rules[0]!.subjects[0]!.serviceAccount).toEqual({ name: 'songbird', namespace: 'bench-scale-system' });
    expect(copy.spec.rules[0]!.resourceRules[0]!.namespaces).toEqual(['bench-scale-system']);
    expect(copy.metadata.name).toBe('songbird-leader-election');
  });
});
