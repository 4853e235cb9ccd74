// A gateway in a VirtualService's `gateways`, as Istio's validation takes it
// (istio.io/istio pkg/config/validation/validation.go, validateGatewayNames, at
// the version the world pins, v0.0.0-20260827124520-eed52ebb66ad):
// - `<namespace>/<name>`: split at the first `/`; both parts must pass
//   labels.IsDNS1123Label (pkg/config/labels/instance.go): letters, digits and
//   `-`, starting and ending with a letter or digit, at most 63 characters.
//   So the name is one label: `ns/gw.example` and `ns/a/b` are refused.
// - anything else (`mesh`, or a legacy FQDN such as `gw.istio-system`):
//   agent.ValidateFQDN (pkg/config/validation/agent/validation.go): at most
//   255 characters, every `.`-separated label a DNS-1123 label (a trailing `.`
//   allowed), and the last label not all digits (strconv.Atoi succeeds).
// Istio allows upper case; Kubernetes namespaces and object names are lower
// case, so an upper-case name would name no Gateway and is refused here.
import { z } from 'zod';

/** Istio's labels.DNS1123LabelMaxLength. */
export const MAX_LABEL_LENGTH = 63;
/** agent.CheckDNS1123Preconditions: the longest FQDN Istio takes. */
export const MAX_GATEWAY_NAME_LENGTH = 255;

const LABEL = `[a-z0-9]([-a-z0-9]{0,${MAX_LABEL_LENGTH - 2}}[a-z0-9])?`;
const GATEWAY_NAME = new RegExp(`^(${LABEL}/${LABEL}|${LABEL}(\\.${LABEL})*\\.?)$`);
/** A name without `/` whose last label is all digits (ValidateDNS1123Labels: "top level domain ... cannot be all-numeric"). */
const NUMERIC_TOP_LEVEL = '(^|[.])[0-9]+$';

export const GATEWAY_NAME_MESSAGE =
  `mesh, or a gateway as <namespace>/<name>, each a DNS-1123 label (lower-case letters, digits and '-', ` +
  `at most ${MAX_LABEL_LENGTH} characters), as Istio's validation requires`;
export const NUMERIC_TOP_LEVEL_MESSAGE = 'a gateway written as an FQDN must not end in an all-digit label, as Istio\'s validation requires';

/** The same rule for the apiserver (the CRD pattern cannot say "not all digits"). */
export const NUMERIC_TOP_LEVEL_CEL_RULE = {
  rule: `!self.matches('${NUMERIC_TOP_LEVEL}')`,
  message: NUMERIC_TOP_LEVEL_MESSAGE,
  reason: 'FieldValueInvalid',
} as const;

/** One entry of spec.service.gateways: refused where Istio's validateGatewayNames refuses it. */
export const gatewayNameSchema = z
  .string()
  .max(MAX_GATEWAY_NAME_LENGTH)
  .regex(GATEWAY_NAME, GATEWAY_NAME_MESSAGE)
  .refine((name) => !new RegExp(NUMERIC_TOP_LEVEL).test(name), NUMERIC_TOP_LEVEL_MESSAGE)
  .meta({ 'x-kubernetes-validations': [NUMERIC_TOP_LEVEL_CEL_RULE] });
