import type { CustomObjectsApi } from '@kubernetes/client-node';
import { GROUP, PLURAL, VERSION, parseCanaryStatus } from '../../controller/schema/canary.js';
import type { CanaryStatus } from '../../controller/schema/canary-status.js';

export interface CanaryStatusWatch {
  /** The Canary's status as stored now. */
  status(): Promise<CanaryStatus>;
  /** Polls every 250 ms until `holds`; throws after `timeoutMs` with the last phase, stage, reason and checks. */
  waitFor(what: string, holds: (status: CanaryStatus) => boolean, timeoutMs: number): Promise<CanaryStatus>;
}

/** Reads one Canary's status for tests, from the apiserver. */
export function canaryStatusWatch(custom: CustomObjectsApi, namespace: string, name: string): CanaryStatusWatch {
  const status = async () => {
    const object = (await custom.getNamespacedCustomObject({ group: GROUP, version: VERSION, namespace, plural: PLURAL, name })) as { status?: unknown };
    return parseCanaryStatus(object.status);
  };
  const waitFor = async (what: string, holds: (s: CanaryStatus) => boolean, timeoutMs: number) => {
    const deadline = Date.now() + timeoutMs;
    let last: CanaryStatus = {};
    while (Date.now() < deadline) {
      last = await status();
      if (holds(last)) return last;
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last status: ${JSON.stringify({ phase: last.phase, stage: last.stageName, reason: last.reason, checks: last.checks?.map((c) => c.message), ready: last.conditions?.find((c) => c.type === 'Ready')?.message })}`);
  };
  return { status, waitFor };
}
