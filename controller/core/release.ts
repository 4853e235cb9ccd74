// Which Sentry release a workload reports, read from its pod template, and the
// pair of releases a rollout compares. Decisions only: no I/O.
import { envValueOf } from './container-env.js';
import type { PodTemplate, WorkloadObservation } from './observations.js';
import { sameJson } from './same-json.js';

export type ReleaseChoice =
  | { readonly ok: true; readonly release: string; readonly container: string }
  | { readonly ok: false; readonly reason: string };

type Container = NonNullable<NonNullable<PodTemplate['spec']>['containers']>[number];

// Sentry's own rules for a release version (Release.is_valid_version in
// src/sentry/models/release.py, BAD_RELEASE_CHARS and MAX_VERSION_LENGTH in
// src/sentry/constants.py): what it refuses can never name a release.
const MAX_VERSION_LENGTH = 200;
const BAD_RELEASE_CHARS = ['\r', '\n', '\f', '\t', '/', '\\'];

/** Why Sentry would refuse this release version, or undefined when it accepts it. */
export function sentryVersionProblem(version: string): string | undefined {
  const stripped = version.trim();
  if (stripped === '') return 'is empty';
  if (stripped.toLowerCase() === 'latest') return 'is "latest", a name Sentry reserves';
  if (stripped === '.' || stripped === '..') return `is "${stripped}", a name Sentry reserves`;
  if (BAD_RELEASE_CHARS.some((c) => version.includes(c))) return 'contains a slash, backslash, tab or line break, which Sentry refuses';
  if ([...version].length > MAX_VERSION_LENGTH) return `is longer than Sentry's ${MAX_VERSION_LENGTH} characters`;
  return undefined;
}

const SET_CONTAINER = 'set spec.sentry.container to the container whose errors Sentry receives';

/**
 * The container whose release Sentry sees: the one `spec.sentry.container`
 * names; else the one container that sets SENTRY_RELEASE; else the only
 * container. Anything else is refused with a reason, never guessed: a sidecar
 * listed first would otherwise give both sides its tag.
 */
export function sentryContainerOf(template: PodTemplate | undefined, named?: string): { ok: true; container: Container } | { ok: false; reason: string } {
  const containers = template?.spec?.containers ?? [];
  const names = containers.map((c) => c.name).join(', ') || 'none';
  if (named !== undefined) {
    const found = containers.find((c) => c.name === named);
    return found ? { ok: true, container: found } : { ok: false, reason: `spec.sentry.container names "${named}", which is not a container of the pod template (containers: ${names})` };
  }
  const withRelease = containers.filter((c) => c.env?.some((e) => e.name === 'SENTRY_RELEASE'));
  if (withRelease.length === 1 && withRelease[0]) return { ok: true, container: withRelease[0] };
  if (withRelease.length > 1) return { ok: false, reason: `containers ${withRelease.map((c) => c.name).join(', ')} all set SENTRY_RELEASE: ${SET_CONTAINER}` };
  if (containers.length === 1 && containers[0]) return { ok: true, container: containers[0] };
  if (containers.length === 0) return { ok: false, reason: 'the pod template has no containers' };
  return { ok: false, reason: `the pod template has ${containers.length} containers (${names}) and none sets SENTRY_RELEASE: ${SET_CONTAINER}, or set SENTRY_RELEASE in it` };
}

/**
 * The Sentry release a workload reports: SENTRY_RELEASE of its Sentry
 * container (see sentryContainerOf) as the process sees it (container-env.ts:
 * the last entry wins, `$(VAR)` expanded from earlier literal entries), else
 * the image's digest (`sha256:…`), else its tag. Refused with a reason naming
 * the container: a SENTRY_RELEASE only the cluster can resolve (valueFrom, a
 * reference to one, or an envFrom that may set it), and an untagged image or
 * the tag `latest` (the release `latest`, which Sentry refuses).
 */
export function resolveSentryRelease(template: PodTemplate | undefined, named?: string): ReleaseChoice {
  const chosen = sentryContainerOf(template, named);
  if (!chosen.ok) return chosen;
  const container = chosen.container;
  const env = envValueOf(container, 'SENTRY_RELEASE');
  const field = `SENTRY_RELEASE of container ${container.name}`;
  const fromImage = imageVersion(container.image);
  if (env.state === 'unreadable') {
    const example = fromImage && !sentryVersionProblem(fromImage) ? `, e.g. "${fromImage}" from its image` : '';
    return { ok: false, reason: `${field} ${env.why}: set SENTRY_RELEASE in the env of container ${container.name} with a literal value${example} (an env entry overrides envFrom)` };
  }
  if (env.state === 'set') {
    const problem = sentryVersionProblem(env.value);
    return problem ? { ok: false, reason: `${field} ${problem}` } : { ok: true, release: env.value, container: container.name };
  }
  const fix = `set SENTRY_RELEASE in container ${container.name}, or pin its image by tag or digest`;
  if (!fromImage) return { ok: false, reason: `the image of container ${container.name} (${container.image ?? 'none'}) has no tag or digest, and Sentry refuses the release name "latest": ${fix}` };
  const problem = sentryVersionProblem(fromImage);
  if (problem) return { ok: false, reason: `the image tag of container ${container.name} (${container.image}) ${problem}: ${fix}` };
  return { ok: true, release: fromImage, container: container.name };
}

/** The release as a string, or undefined when it cannot be named (see resolveSentryRelease). */
export function sentryReleaseOf(template: PodTemplate | undefined, container?: string): string | undefined {
  const choice = resolveSentryRelease(template, container);
  return choice.ok ? choice.release : undefined;
}

/**
 * The canary's and the primary's releases for Sentry checks. Equal releases
 * are never compared: when the two templates differ, Sentry cannot tell their
 * events apart; when they are the same template, a release would be compared
 * with itself. Either way both sides become a measurement error naming the
 * container. Templates are told apart by their revisions, or, when a revision
 * is missing, by their pod specs (the primary's labels differ by design).
 */
export function sentryReleases(workloads: { target: WorkloadObservation; primary: WorkloadObservation }, container?: string): { canaryRelease: ReleaseChoice; primaryRelease: ReleaseChoice } {
  const { target, primary } = workloads;
  const canaryRelease = resolveSentryRelease(target.template, container);
  const primaryRelease = resolveSentryRelease(primary.template, container);
  if (!canaryRelease.ok || !primaryRelease.ok || canaryRelease.release !== primaryRelease.release) return { canaryRelease, primaryRelease };
  const release = `Sentry release ${canaryRelease.release} from container ${canaryRelease.container}`;
  const reason = sameTemplate(target, primary)
    ? `canary and primary run the same pod template${target.revision ? ` (revision ${target.revision})` : ''} and both report ${release}: comparing a release with itself is no evidence`
    : `canary (${revisionOf(target)}) and primary (${revisionOf(primary)}) both report ${release}, so Sentry cannot tell them apart: give the new version its own SENTRY_RELEASE or image tag` +
      (container === undefined ? ', or set spec.sentry.container to the container whose errors Sentry receives' : '');
  return { canaryRelease: { ok: false, reason }, primaryRelease: { ok: false, reason } };
}

function sameTemplate(target: WorkloadObservation, primary: WorkloadObservation): boolean {
  if (target.revision !== undefined && primary.revision !== undefined) return target.revision === primary.revision;
  return sameJson(target.template?.spec, primary.template?.spec);
}

const revisionOf = (workload: WorkloadObservation) => (workload.revision === undefined ? 'revision unknown' : `revision ${workload.revision}`);

/** `registry:5000/team/shop:2.1.0@sha256:ab…` → `sha256:ab…`; `shop:2.1.0` → `2.1.0`; `shop` → undefined. */
function imageVersion(image: string | undefined): string | undefined {
  if (!image) return undefined;
  const at = image.indexOf('@');
  if (at >= 0) return image.slice(at + 1) || undefined;
  const lastSlash = image.lastIndexOf('/');
  const colon = image.indexOf(':', lastSlash + 1);
  return colon >= 0 ? image.slice(colon + 1) || undefined : undefined;
}
