// Which traffic a Canary's routes serve: `mesh` (sidecars) and/or gateways.
// Istio's validation (istio.io/istio pkg/config/validation, ValidateVirtualService)
// treats a VirtualService as gateway-bound only when no entry of `gateways` is
// `mesh` (an empty list means mesh), and refuses `@request.auth.claims.*`
// matches on any VirtualService that is not gateway-bound: "JWT claim based
// routing ... is only supported for gateway". Istio's docs say the same:
// https://istio.io/latest/docs/tasks/security/authentication/jwt-route/
import type { InternalMatch } from './internal-match.js';

export const MESH_GATEWAY = 'mesh';

/** True when the routes serve sidecar traffic: `mesh` is listed, or no gateway is. */
export function servesMesh(gateways: readonly string[]): boolean {
  return gateways.length === 0 || gateways.includes(MESH_GATEWAY);
}

/** The gateways other than `mesh`, in their order. */
export function gatewayNamesOf(gateways: readonly string[]): string[] {
  return gateways.filter((gateway) => gateway !== MESH_GATEWAY);
}

export const JWT_CLAIM_NEEDS_GATEWAY =
  'Istio routes on JWT claims only at a gateway (its validation refuses @request.auth.claims on mesh routes): ' +
  'add the ingress gateway to spec.service.gateways, or match mesh traffic by a header the gateway sets from the claim ' +
  '(RequestAuthentication outputClaimToHeaders)';

/** One issue per jwtClaim entry when no gateway serves the routes; paths are relative to spec. */
export function jwtClaimProblems(matches: readonly InternalMatch[], gateways: readonly string[]): Array<{ path: Array<string | number>; message: string }> {
  if (gatewayNamesOf(gateways).length > 0) return [];
  return matches.flatMap((match, index) =>
    match.jwtClaim ? [{ path: ['stages', 'internal', 'match', index, 'jwtClaim'], message: JWT_CLAIM_NEEDS_GATEWAY }] : [],
  );
}

/**
 * The same rule for the apiserver, as a CEL rule on spec (x-kubernetes-validations):
 * a Canary with a jwtClaim match and no gateway other than mesh is refused at admission.
 */
export const JWT_CLAIM_CEL_RULE = {
  rule:
    "!has(self.stages) || !has(self.stages.internal) || !self.stages.internal.match.exists(m, has(m.jwtClaim)) || " +
    "(has(self.service.gateways) && self.service.gateways.exists(g, g != 'mesh'))",
  message: `a jwtClaim match needs a gateway in spec.service.gateways: ${JWT_CLAIM_NEEDS_GATEWAY}`,
  fieldPath: '.stages.internal.match',
  reason: 'FieldValueInvalid',
} as const;
