// Pure: which VirtualServices carry a Canary's routes, and what each may hold.
// Istio accepts JWT-claim matches only on gateway-bound VirtualServices (no
// `mesh` in `gateways`; istio.io/istio pkg/config/validation,
// ValidateVirtualService), so a Canary that serves mesh and gateways gets two:
//   <svc>          gateways [mesh]        header and cookie matches only
//   <svc>-gateway  gateways [the others]  every match, JWT claims included
// Both carry the same weighted default route, so they move in step.
import type { InternalMatch } from '../../schema/canary-spec.js';
import { gatewayNamesOf, JWT_CLAIM_NEEDS_GATEWAY, MESH_GATEWAY, servesMesh } from '../../schema/mesh-binding.js';
import { gatewayRouteName } from '../../schema/generated-names.js';
import { failed, ok, type KubeResult } from '../kubernetes/kubernetes-errors.js';
import type { RoutingInput } from './virtual-service-plan.js';

/** `<svc>-gateway`: the gateway-only VirtualService of a Canary that serves mesh and gateways (schema/generated-names.ts). */
export const gatewayVirtualServiceName = gatewayRouteName;

export interface VirtualServiceLayout {
  /** The VirtualServices to write, `<svc>` first; each is the input with its name, gateways and matches. */
  readonly bindings: readonly RoutingInput[];
  /** VirtualServices Songbird wrote for an earlier layout and no longer wants (removed when the Canary owns them). */
  readonly retired: readonly string[];
}

/**
 * The layout for `input.gateways`: mesh only → `<svc>` as given (no JWT-claim
 * match allowed: an `invalid` error naming the entry); gateways only → `<svc>`
 * bound to them with every match; both → `<svc>` on mesh without the entries
 * that test a claim, plus `<svc>-gateway` on the gateways with every entry.
 */
export function virtualServiceLayout(input: RoutingInput): KubeResult<VirtualServiceLayout> {
  const gateways = gatewayNamesOf(input.gateways);
  const matches = input.internalMatch ?? [];
  const gatewayName = gatewayVirtualServiceName(input.name);
  if (!servesMesh(input.gateways)) {
    return ok({ bindings: [{ ...input, gateways }], retired: [gatewayName] });
  }
  if (gateways.length === 0) {
    const claimAt = matches.findIndex((match) => match.jwtClaim !== undefined);
    if (claimAt >= 0) {
      return failed({ code: 'invalid', retryable: false, message: `spec.stages.internal.match[${claimAt}].jwtClaim: ${JWT_CLAIM_NEEDS_GATEWAY}` });
    }
    return ok({ bindings: [input], retired: [gatewayName] });
  }
  const meshOnly: RoutingInput = { ...input, gateways: [MESH_GATEWAY], internalMatch: input.internalMatch && withoutClaims(input.internalMatch) };
  const gatewayOnly: RoutingInput = { ...input, name: gatewayName, gateways };
  return ok({ bindings: [meshOnly, gatewayOnly], retired: [] });
}

/** Entries that mesh traffic can satisfy: those without a JWT claim (an entry ANDs its conditions, so a claim entry is dropped whole). */
function withoutClaims(matches: readonly InternalMatch[]): InternalMatch[] {
  return matches.filter((match) => match.jwtClaim === undefined);
}
