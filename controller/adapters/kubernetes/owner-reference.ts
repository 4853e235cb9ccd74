// Objects Songbird creates for a Canary carry one controller ownerReference
// to it, so they are garbage-collected with it and recognised as ours.
import type { V1OwnerReference } from '@kubernetes/client-node';
import { GROUP, KIND, VERSION } from '../../schema/canary.js';

export interface CanaryRef {
  readonly name: string;
  readonly uid: string;
}

export const CANARY_API_VERSION = `${GROUP}/${VERSION}`;
export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
export const MANAGED_BY = 'songbird';
export const CANARY_LABEL = 'songbird.dev/canary';
/** The finalizer of every Canary; the core decides when it is added and removed (core/removal.ts). */
export { FINALIZER } from '../../core/removal.js';
/** On an object Songbird adopted (it existed before and is not owned): the adopting Canary's uid. Adopted objects never get an ownerReference. */
export const ADOPTED_BY_ANNOTATION = 'songbird.dev/adopted-by';
/** On an adopted object: JSON of its spec as it was before Songbird first wrote it; written once, read when it is handed back. */
export const ORIGINAL_SPEC_ANNOTATION = 'songbird.dev/original-spec';

export function canaryOwnerReference(canary: CanaryRef): V1OwnerReference {
  return { apiVersion: CANARY_API_VERSION, kind: KIND, name: canary.name, uid: canary.uid, controller: true, blockOwnerDeletion: true };
}

export function isOwnedBy(metadata: { ownerReferences?: ReadonlyArray<{ uid?: string }> } | undefined, canary: CanaryRef): boolean {
  return (metadata?.ownerReferences ?? []).some((ref) => ref.uid === canary.uid);
}

/** songbird.dev/adopted-by names this Canary's uid. */
export function isAdoptedBy(metadata: { annotations?: Readonly<Record<string, string>> } | undefined, canary: CanaryRef): boolean {
  return metadata?.annotations?.[ADOPTED_BY_ANNOTATION] === canary.uid;
}

/** The owner that controls the object, for messages: "Canary shop/web" or "nothing Songbird knows". */
export function describeController(metadata: { ownerReferences?: ReadonlyArray<{ kind?: string; name?: string; controller?: boolean }> } | undefined): string {
  const controller = (metadata?.ownerReferences ?? []).find((ref) => ref.controller);
  return controller ? `${controller.kind ?? 'object'} ${controller.name ?? ''}`.trim() : 'no controller';
}
