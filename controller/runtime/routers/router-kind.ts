// The routers Songbird can move a Canary's traffic with. routers.ts must give
// each kind listed here an implementation, or `tsc` fails (routers.test.ts).
import type { CanarySpec } from '../../schema/canary-spec.js';

export const ROUTER_KINDS = ['istio'] as const;
export type RouterKind = (typeof ROUTER_KINDS)[number];

/** The kind a Canary names nowhere yet: the schema has no `spec.router`, so every Canary routes through it. */
export const DEFAULT_ROUTER_KIND: RouterKind = 'istio';

/**
 * The router that moves this Canary's traffic. Today always DEFAULT_ROUTER_KIND;
 * a `spec.router` field (with that default) will be read here and nowhere else.
 */
export const routerKindOf = (_spec: CanarySpec): RouterKind => DEFAULT_ROUTER_KIND;
