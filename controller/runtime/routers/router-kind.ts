// The routers Songbird can move a Canary's traffic with. routers.ts must give
// each kind listed here an implementation, or `tsc` fails (routers.test.ts);
// routerKindOf fails `tsc` when the schema's spec.router.kind names one not listed.
import type { CanarySpec } from '../../schema/canary-spec.js';

export const ROUTER_KINDS = ['istio', 'gatewayApi'] as const;
export type RouterKind = (typeof ROUTER_KINDS)[number];

/** The kind of a Canary that names no `spec.router`. */
export const DEFAULT_ROUTER_KIND: RouterKind = 'istio';

/** The router that moves this Canary's traffic: `spec.router.kind`, else DEFAULT_ROUTER_KIND. Read here and nowhere else. */
export const routerKindOf = (spec: CanarySpec): RouterKind => spec.router?.kind ?? DEFAULT_ROUTER_KIND;
