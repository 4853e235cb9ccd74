// Songbird's install puts its leader's Lease renewals in the apiserver's
// `leader-election` priority level (config/flowcontrol/): the bench installs
// the same FlowSchema for the ServiceAccount it runs Songbird as.
import type { KubeConfig } from '@kubernetes/client-node';
import { load } from 'js-yaml';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeSendJson } from '../../controller/adapters/kubernetes/json-request.js';

const MANIFEST = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'config', 'flowcontrol', 'leader-election-flow-schema.yaml');

interface FlowSchema {
  metadata: { name: string };
  spec: { rules: Array<{ subjects: Array<{ serviceAccount: { name: string; namespace: string } }>; resourceRules: Array<{ namespaces: string[] }> }> };
}

/**
 * config/'s FlowSchema with its subject and namespaces moved to the
 * ServiceAccount `namespace/name` the bench runs Songbird as.
 */
export function benchFlowSchema(namespace: string, name: string): FlowSchema {
  const schema = load(readFileSync(MANIFEST, 'utf8')) as FlowSchema;
  for (const rule of schema.spec.rules) {
    for (const subject of rule.subjects) subject.serviceAccount = { name, namespace };
    for (const resourceRule of rule.resourceRules) resourceRule.namespaces = [namespace];
  }
  return schema;
}

/** Creates benchFlowSchema(namespace, name) on the apiserver of `admin`. */
export async function installFlowSchema(admin: KubeConfig, namespace: string, name: string): Promise<void> {
  await makeSendJson(admin)({ method: 'POST', path: '/apis/flowcontrol.apiserver.k8s.io/v1/flowschemas', body: benchFlowSchema(namespace, name) });
}
