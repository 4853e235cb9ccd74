import type { PodTemplate } from './observations.js';

/**
 * The Sentry release a workload reports: the SENTRY_RELEASE env of the named
 * container (else the first container), falling back to its image tag.
 */
export function sentryReleaseOf(template: PodTemplate | undefined, container?: string): string | undefined {
  const containers = template?.spec?.containers ?? [];
  const chosen = container ? containers.find((c) => c.name === container) : containers[0];
  if (!chosen) return undefined;
  const fromEnv = chosen.env?.find((e) => e.name === 'SENTRY_RELEASE')?.value;
  if (fromEnv) return fromEnv;
  return imageTag(chosen.image);
}

function imageTag(image: string | undefined): string | undefined {
  if (!image) return undefined;
  const digest = image.indexOf('@');
  if (digest >= 0) return image.slice(digest + 1);
  const lastSlash = image.lastIndexOf('/');
  const colon = image.indexOf(':', lastSlash + 1);
  return colon >= 0 ? image.slice(colon + 1) : 'latest';
}
