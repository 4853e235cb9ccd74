// A host of the VirtualService `<svc>` (spec.service.hosts), as Istio's
// validation takes it (istio.io/istio pkg/config/validation, at the version the
// world pins, v0.0.0-20260827124520-eed52ebb66ad):
// - each host (validation.go ValidateVirtualService → agent/validation.go
//   ValidateWildcardDomain): an IP address (netutil.IsValidIPAddress), or
//   1 to 255 characters whose first label is a DNS-1123 label that may start
//   with `*` or `*-` or be `*` alone (labels.IsWildcardDNS1123Label), the other
//   labels DNS-1123 labels (upper case allowed, at most 63 characters, a
//   trailing `.` allowed) and the last of them not all digits. So no scheme,
//   path, port, space or empty label: `http://x.y/z`, `x.com:80`, `a..b`,
//   `-x.com`, `x.*.com` are refused. A VirtualService bound to gateways only
//   (no TLS SNI routes: Songbird writes HTTP routes) takes the same rule.
// - `*` is refused on a VirtualService bound to the mesh.
// - two hosts where one matches the other (host.Name.Matches: equal, or a
//   wildcard whose suffix the other ends with; case-sensitive, no FQDN
//   expansion, so `web` and `web.shop.svc.cluster.local` are two hosts) are
//   "duplicate hosts". Songbird writes the Service name first, so a host equal
//   to it, `*`, or a wildcard it ends with (`*eb` for `web`) is a duplicate.
import { z } from 'zod';

/** agent.CheckDNS1123Preconditions: the longest host Istio takes. */
export const MAX_HOST_LENGTH = 255;
const MAX_LABEL_LENGTH = 63;

const DNS_LABEL = /^[a-zA-Z0-9](?:[-a-zA-Z0-9]*[a-zA-Z0-9])?$/;
const WILDCARD_LABEL = /^(?:\*|(?:\*|\*-)?[a-zA-Z0-9](?:[-a-zA-Z0-9]*[a-zA-Z0-9])?)$/;
// zod's address regexes (no leading zeros, no zone): Go's netip.ParseAddr also
// takes an IPv6 zone and an embedded IPv4 tail (`::ffff:1.2.3.4`), which no
// route host needs; and Istio's all-digit test (strconv.Atoi) lets a last label
// of more than 19 digits through. Those three are refused here though Istio
// takes them (checked against ValidateVirtualService itself: 144 of 153 cases
// agree, the 9 others are these three, each on three gateway bindings).
const IPV4 = z.regexes.ipv4;
const IPV6 = z.regexes.ipv6;

const isIpAddress = (host: string): boolean => IPV4.test(host) || IPV6.test(host);
const allDigits = (label: string): boolean => /^[0-9]+$/.test(label);
const quote = (text: string): string => JSON.stringify(text);

/** agent.ValidateDNS1123Labels: Istio's message, or undefined. */
function dnsLabelsProblem(domain: string): string | undefined {
  const parts = domain.split('.');
  const topLevel = parts[parts.length - 1]!;
  if (allDigits(topLevel)) return `domain name ${quote(domain)} invalid (top level domain ${quote(topLevel)} cannot be all-numeric)`;
  for (const [index, label] of parts.entries()) {
    if (index === parts.length - 1 && label === '') return undefined;
    if (label.length > MAX_LABEL_LENGTH || !DNS_LABEL.test(label)) return `domain name ${quote(domain)} invalid (label ${quote(label)} invalid)`;
  }
  return undefined;
}

/**
 * Why Istio would refuse `host` in a VirtualService's hosts, in Istio's words
 * (agent.ValidateWildcardDomain, IP addresses allowed), or undefined when it
 * accepts it. The rules that depend on the other hosts and the gateways are
 * virtualServiceHostsProblems'.
 */
export function hostProblem(host: string): string | undefined {
  if (isIpAddress(host)) return undefined;
  if (host.length > MAX_HOST_LENGTH) return `domain name ${quote(host)} too long (max ${MAX_HOST_LENGTH})`;
  if (host.length === 0) return 'empty domain name not allowed';
  const dot = host.indexOf('.');
  const first = dot < 0 ? host : host.slice(0, dot);
  if (first.length > MAX_LABEL_LENGTH || !WILDCARD_LABEL.test(first)) return `domain name ${quote(host)} invalid (label ${quote(first)} invalid)`;
  return dot < 0 ? undefined : dnsLabelsProblem(host.slice(dot + 1));
}

/** host.Name.Matches: equal, or one is a wildcard (`*…`) whose rest the other ends with. */
export function hostsOverlap(a: string, b: string): boolean {
  const aWild = a.startsWith('*');
  const bWild = b.startsWith('*');
  if (aWild && bWild) return a.length < b.length ? b.slice(1).endsWith(a.slice(1)) : a.slice(1).endsWith(b.slice(1));
  if (aWild) return b.endsWith(a.slice(1));
  if (bWild) return a.endsWith(b.slice(1));
  return a === b;
}

export const MESH_WILDCARD_MESSAGE = 'wildcard host * is not allowed for virtual services bound to the mesh gateway';

/**
 * What Istio would refuse in the hosts Songbird writes, `[serviceName, ...hosts]`,
 * given whether the VirtualService serves the mesh (ValidateVirtualService):
 * `*` on the mesh, then (only when every host is valid, as Istio checks) each
 * host that duplicates an earlier one. Paths are relative to spec.service.hosts.
 */
export function virtualServiceHostsProblems(serviceName: string, hosts: readonly string[], servesMesh: boolean): Array<{ path: Array<string | number>; message: string }> {
  if (hosts.some((host) => hostProblem(host) !== undefined)) return [];
  const problems: Array<{ path: Array<string | number>; message: string }> = [];
  if (servesMesh) {
    hosts.forEach((host, index) => {
      if (host === '*') problems.push({ path: [index], message: `${MESH_WILDCARD_MESSAGE} (spec.service.gateways has mesh, or is empty)` });
    });
    if (problems.length > 0) return problems;
  }
  const written = [serviceName, ...hosts];
  hosts.forEach((host, index) => {
    const earlier = written.slice(0, index + 1).findIndex((other) => hostsOverlap(other, host));
    if (earlier < 0) return;
    const why = earlier === 0 ? ' (Songbird writes the Service name as the first host)' : '';
    problems.push({ path: [index], message: `duplicate hosts in virtual service: ${written[earlier]} & ${host}${why}` });
  });
  return problems;
}

// The same shape for the apiserver: one pattern (what a regex can say), and
// CEL for the all-digit last label (a regex cannot say "not all digits" beside
// IPv4). The IPv6 part admits what zod's IPv6 regex does.
const LABEL = `[a-zA-Z0-9]([-a-zA-Z0-9]{0,${MAX_LABEL_LENGTH - 2}}[a-zA-Z0-9])?`;
const FIRST_LABEL =
  `\\*|\\*[a-zA-Z0-9]([-a-zA-Z0-9]{0,${MAX_LABEL_LENGTH - 3}}[a-zA-Z0-9])?|\\*-[a-zA-Z0-9]([-a-zA-Z0-9]{0,${MAX_LABEL_LENGTH - 4}}[a-zA-Z0-9])?|${LABEL}`;
const unanchored = (regex: RegExp): string => regex.source.replace(/^\^/, '').replace(/\$$/, '');
/** The CRD pattern of one host. */
export const HOST_PATTERN = `^((${FIRST_LABEL})(\\.${LABEL})*\\.?|${unanchored(IPV4)}|${unanchored(IPV6)})$`;

export const HOST_NUMERIC_TOP_LEVEL_CEL_RULE = {
  rule: `!self.matches('[.][0-9]+$') || self.matches('${IPV4.source.replace(/\\/g, '\\\\')}')`,
  message: 'a host must not end in an all-digit label unless it is an IPv4 address, as Istio\'s validation requires',
  reason: 'FieldValueInvalid',
} as const;

export const HOST_WILDCARD_CEL_RULE = {
  rule: "self != '*'",
  message: `Istio refuses the host *: ${MESH_WILDCARD_MESSAGE}, and bound to gateways only it duplicates the Service name Songbird writes first`,
  reason: 'FieldValueInvalid',
} as const;

/** The Service name duplicated by a host: equal to it, or a wildcard it ends with (a linear CEL rule; overlaps among the hosts are checked by zod only). */
export const HOST_DUPLICATES_SERVICE_CEL_RULE = {
  rule:
    "!has(self.service.hosts) || !self.service.hosts.exists(h, h == (has(self.service.name) ? self.service.name : self.targetRef.name) || " +
    "(h.startsWith('*') && (has(self.service.name) ? self.service.name : self.targetRef.name).endsWith(h.substring(1))))",
  message: 'a host in spec.service.hosts duplicates the Service name, which Songbird writes as the first host (Istio: duplicate hosts in virtual service)',
  fieldPath: '.service.hosts',
  // FieldValueDuplicate would make the apiserver answer a bare "Duplicate value", dropping this message.
  reason: 'FieldValueInvalid',
} as const;

/** One entry of spec.service.hosts: refused where Istio's ValidateWildcardDomain (or its IP check) refuses it, with Istio's message. */
export const virtualServiceHostSchema = z
  .string()
  .superRefine((host, ctx) => {
    const problem = hostProblem(host);
    if (problem) ctx.addIssue({ code: 'custom', message: `Istio refuses this VirtualService host: ${problem}` });
  })
  .meta({ maxLength: MAX_HOST_LENGTH, pattern: HOST_PATTERN, 'x-kubernetes-validations': [HOST_NUMERIC_TOP_LEVEL_CEL_RULE, HOST_WILDCARD_CEL_RULE] });
