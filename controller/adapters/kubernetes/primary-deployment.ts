// Pure: the `<target>-primary` Deployment Songbird wants, built from the
// target's pod template and selector. The primary's pods carry every selector
// label of the target with its value suffixed `-primary`, so the two
// Deployments (and their Services) never select each other's pods. The
// template is copied as plain JSON (structuredClone), so fields client-node
// has no model for reach the primary too.
import type { V1PodTemplateSpec } from '@kubernetes/client-node';
import type { DeploymentJson } from './deployment-json-api.js';
import type { PodTemplate } from '../../core/observations.js';
import { failed, ok, type KubeResult } from './kubernetes-errors.js';
import { CANARY_LABEL, canaryOwnerReference, MANAGED_BY, MANAGED_BY_LABEL, type CanaryRef } from './owner-reference.js';
import { REVISION_ANNOTATION } from './workload-observation.js';
import { PRIMARY_SUFFIX, primaryWorkloadName } from '../../schema/generated-names.js';

const MAX_LABEL_VALUE = 63;

/** `<target>-primary` (schema/generated-names.ts). */
export const primaryName = primaryWorkloadName;

/** The primary's selector: each matchLabel of the target with `-primary` appended to its value. */
export function primarySelector(targetMatchLabels: Readonly<Record<string, string>>): KubeResult<Record<string, string>> {
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(targetMatchLabels)) {
    const suffixed = `${value}${PRIMARY_SUFFIX}`;
    if (suffixed.length > MAX_LABEL_VALUE) {
      return failed({
        code: 'invalid',
        retryable: false,
        message: `The selector label ${key}=${value} is too long to suffix with ${PRIMARY_SUFFIX} (label values are at most ${MAX_LABEL_VALUE} characters)`,
      });
    }
    result[key] = suffixed;
  }
  return ok(result);
}

export interface PrimaryInput {
  readonly namespace: string;
  readonly canary: CanaryRef;
  readonly targetName: string;
  readonly template: PodTemplate;
  readonly revision: string;
  readonly replicas: number;
}

/** The full desired primary Deployment, from the input and the target Deployment as read. */
export function planPrimaryDeployment(input: PrimaryInput, target: DeploymentJson): KubeResult<DeploymentJson> {
  const matchLabels = target.spec?.selector?.matchLabels ?? {};
  if (Object.keys(matchLabels).length === 0) {
    return failed({
      code: 'invalid',
      retryable: false,
      message: `Deployment ${input.namespace}/${input.targetName} has no spec.selector.matchLabels; Songbird needs them to tell primary pods from canary pods`,
    });
  }
  const selector = primarySelector(matchLabels);
  if (!selector.ok) return selector;
  const template = structuredClone(input.template) as V1PodTemplateSpec;
  template.metadata = { ...(template.metadata ?? {}), labels: { ...(template.metadata?.labels ?? {}), ...selector.value } };
  return ok({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: primaryName(input.targetName),
      namespace: input.namespace,
      labels: { [MANAGED_BY_LABEL]: MANAGED_BY, [CANARY_LABEL]: input.canary.name },
      annotations: { [REVISION_ANNOTATION]: input.revision },
      ownerReferences: [canaryOwnerReference(input.canary)],
    },
    spec: {
      replicas: input.replicas,
      selector: { matchLabels: selector.value },
      template,
      ...(target.spec?.strategy ? { strategy: target.spec.strategy } : {}),
      ...(target.spec?.minReadySeconds === undefined ? {} : { minReadySeconds: target.spec.minReadySeconds }),
      ...(target.spec?.progressDeadlineSeconds === undefined ? {} : { progressDeadlineSeconds: target.spec.progressDeadlineSeconds }),
      ...(target.spec?.revisionHistoryLimit === undefined ? {} : { revisionHistoryLimit: target.spec.revisionHistoryLimit }),
    },
  });
}

/** The existing primary already runs this revision at this scale. */
export function primaryIsCurrent(existing: DeploymentJson, input: PrimaryInput): boolean {
  return existing.metadata?.annotations?.[REVISION_ANNOTATION] === input.revision && (existing.spec?.replicas ?? 1) === input.replicas;
}
