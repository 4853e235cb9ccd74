#!/usr/bin/env node
import { KubeConfig } from '@kubernetes/client-node';
import { ANNOTATIONS } from '../core/step.js';
import { CanaryClient } from './canary-client.js';
import { formatStatus } from './format-status.js';

const USAGE = `usage: songbird <status|watch|pause|resume|promote|abort> <namespace>/<canary>

  status    print the phase, stage, weights and the last check results
  watch     print every change until the rollout succeeds (exit 0) or fails (exit 1)
  pause     hold the rollout where it is (routes stay as they are)
  resume    let a paused rollout go on
  promote   skip the remaining stages and promote the revision under test
  abort     roll the revision under test back now`;

async function main(argv: string[]): Promise<number> {
  const [command, target] = argv;
  const match = target?.match(/^([a-z0-9-]+)\/([a-z0-9-]+)$/);
  if (!command || !match) {
    console.error(USAGE);
    return 2;
  }
  const [, namespace, name] = match as unknown as [string, string, string];
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromDefault();
  const client = new CanaryClient(kubeConfig);
  const view = await client.get(namespace, name);
  const revision = view.status.canaryRevision;
  switch (command) {
    case 'status':
      console.log(formatStatus(view));
      return 0;
    case 'watch':
      return watch(client, namespace, name);
    case 'pause':
      await client.annotate(namespace, name, { [ANNOTATIONS.paused]: 'true' });
      console.log(`paused ${namespace}/${name}`);
      return 0;
    case 'resume':
      await client.annotate(namespace, name, { [ANNOTATIONS.paused]: null });
      console.log(`resumed ${namespace}/${name}`);
      return 0;
    case 'promote':
    case 'abort': {
      if (!revision || !['Waiting', 'Progressing'].includes(view.status.phase ?? '')) {
        console.error(`${namespace}/${name} has no rollout in progress (phase ${view.status.phase ?? 'unknown'})`);
        return 1;
      }
      await client.annotate(namespace, name, { [command === 'promote' ? ANNOTATIONS.promote : ANNOTATIONS.abort]: revision });
      console.log(`${command === 'promote' ? 'promotion' : 'abort'} of revision ${revision} requested`);
      return 0;
    }
    default:
      console.error(USAGE);
      return 2;
  }
}

async function watch(client: CanaryClient, namespace: string, name: string): Promise<number> {
  let last = '';
  for (;;) {
    const view = await client.get(namespace, name);
    const text = formatStatus(view);
    if (text !== last) console.log(`${new Date().toISOString()} ${text}\n`);
    last = text;
    if (view.status.phase === 'Succeeded') return 0;
    if (view.status.phase === 'Failed') return 1;
    await new Promise((r) => setTimeout(r, 2_000));
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const body = (error as { body?: { message?: string } }).body;
    console.error(`songbird: ${body?.message ?? (error as Error).message}`);
    process.exit(1);
  },
);
