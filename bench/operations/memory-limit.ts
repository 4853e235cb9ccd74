// The controller container's memory limit as config/ sets it.
import { readFileSync } from 'node:fs';
import { loadAll } from 'js-yaml';

const UNITS: Record<string, number> = { Ki: 1 / 1024, Mi: 1, Gi: 1024 };

/** A Kubernetes quantity in MiB (Ki, Mi, Gi, or plain bytes); undefined for any other form. */
export function quantityMiB(quantity: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi)?$/.exec(quantity);
  if (!match) return undefined;
  return match[2] ? Number(match[1]) * UNITS[match[2]]! : Number(match[1]) / 1024 / 1024;
}

interface DeploymentLike {
  kind?: string;
  spec?: { template?: { spec?: { containers?: Array<{ resources?: { limits?: { memory?: string } } }> } } };
}

/** limits.memory of the first container of the Deployment in `file` (config/manager/deployment.yaml), in MiB. */
export function memoryLimitMiB(file: string): number | undefined {
  const documents = loadAll(readFileSync(file, 'utf8')) as DeploymentLike[];
  const deployment = documents.find((d) => d?.kind === 'Deployment');
  const limit = deployment?.spec?.template?.spec?.containers?.[0]?.resources?.limits?.memory;
  return limit === undefined ? undefined : quantityMiB(String(limit));
}
