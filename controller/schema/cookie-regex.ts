// The regex over the Cookie header that stands for one cookie name=value.
// Istio matches a header, not a cookie, so a cookie match is this regex on
// the `cookie` header; the schema checks it against Istio's regex rules, the
// Istio adapter writes it.

/** Escapes a literal for RE2 (and JavaScript) regular expressions. */
export function escapeRegex(literal: string): string {
  return literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Matches a Cookie header that carries name=value as one of its cookies. */
export function cookieRegex(name: string, value: string): string {
  return `^(.*?;\\s*)?(${escapeRegex(name)}=${escapeRegex(value)})(;.*)?$`;
}
