// Kubeconfig files for the world's users: bearer token, CA data embedded, so
// each file works on its own with kubectl and @kubernetes/client-node.
import { writeFile } from 'node:fs/promises';
import type { WorldUser } from './credentials.js';

export interface KubeconfigInput {
  readonly server: string;
  readonly caPem: string;
  readonly user: WorldUser;
}

export function renderKubeconfig({ server, caPem, user }: KubeconfigInput): string {
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'songbird-world', cluster: { server, 'certificate-authority-data': Buffer.from(caPem).toString('base64') } }],
    users: [{ name: user.name, user: { token: user.token } }],
    contexts: [{ name: 'songbird-world', context: { cluster: 'songbird-world', user: user.name, namespace: 'default' } }],
    'current-context': 'songbird-world',
    preferences: {},
  };
  // JSON is valid YAML, and kubectl reads it as a kubeconfig.
  return `${JSON.stringify(config, null, 2)}\n`;
}

export async function writeKubeconfig(file: string, input: KubeconfigInput): Promise<string> {
  await writeFile(file, renderKubeconfig(input), { mode: 0o600 });
  return file;
}
