// Istio StringMatch evaluation as Envoy does it. Regexes are RE2 with full-match
// semantics (Envoy's safe_regex, a whole-value match), evaluated by re2js, a
// port of Go's RE2 regexp. A pattern Istio's validation refuses (RE2 cannot
// compile it, it is empty, or it is longer than 1024 bytes:
// istio.io/istio pkg/config/validation, validateStringRegexp) never matches:
// such a VirtualService never reaches a real proxy.
import { RE2JS } from 're2js';
import type { StringMatch } from './virtual-service-spec.js';

/** Istio's limit on a regex, in UTF-8 bytes. */
export const MAX_REGEX_BYTES = 1024;

export interface StringMatchOptions {
  readonly ignoreCase?: boolean;
}

/**
 * Istio turns `{}`, `prefix: ""` and `regex: ".*"` into a presence check
 * rather than a value check (see `IsCatchAllStringMatch` in pilot).
 */
export function isCatchAllStringMatch(match: StringMatch): boolean {
  if (match.exact !== undefined) return false;
  if (match.prefix !== undefined) return match.prefix === '';
  if (match.regex !== undefined) return match.regex === '.*';
  return true;
}

/** True when `value` is present and satisfies `match`. */
export function matchesString(match: StringMatch, value: string | undefined, options: StringMatchOptions = {}): boolean {
  if (value === undefined) return false;
  if (isCatchAllStringMatch(match)) return true;
  const fold = (s: string): string => (options.ignoreCase ? s.toLowerCase() : s);
  if (match.exact !== undefined) return fold(value) === fold(match.exact);
  if (match.prefix !== undefined) return fold(value).startsWith(fold(match.prefix));
  if (match.regex !== undefined) {
    const compiled = compileFullMatchRegex(match.regex, options.ignoreCase ?? false);
    return compiled.ok ? compiled.regex.matches(value) : false;
  }
  return false;
}

export type CompiledRegex =
  | { readonly ok: true; readonly regex: RE2JS }
  | { readonly ok: false; readonly code: 'invalid-regex'; readonly message: string };

/** Compiles an RE2 pattern as Istio accepts it; `matches` on the result is a whole-value match. */
export function compileFullMatchRegex(pattern: string, ignoreCase: boolean): CompiledRegex {
  if (pattern === '') return { ok: false, code: 'invalid-regex', message: 'an empty regex (Istio refuses it)' };
  const bytes = Buffer.byteLength(pattern, 'utf8');
  if (bytes > MAX_REGEX_BYTES) return { ok: false, code: 'invalid-regex', message: `a regex of ${bytes} bytes (Istio allows ${MAX_REGEX_BYTES})` };
  try {
    return { ok: true, regex: RE2JS.compile(pattern, ignoreCase ? RE2JS.CASE_INSENSITIVE : 0) };
  } catch (error) {
    return { ok: false, code: 'invalid-regex', message: `cannot compile ${JSON.stringify(pattern)} as RE2: ${String(error)}` };
  }
}
