// Istio StringMatch evaluation. Regexes are RE2 with full-match semantics, so
// the JavaScript pattern is anchored; the few RE2 spellings JavaScript lacks
// are translated. A pattern JavaScript cannot compile never matches (Istio
// would have rejected the config).
import type { StringMatch } from './virtual-service-spec.js';

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
  if (match.regex !== undefined) return match.regex === '.*' || match.regex === '*';
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
    return compiled.ok ? compiled.regex.test(value) : false;
  }
  return false;
}

export type CompiledRegex =
  | { readonly ok: true; readonly regex: RegExp }
  | { readonly ok: false; readonly code: 'invalid-regex'; readonly message: string };

/** Compiles an RE2 pattern into an anchored JavaScript RegExp. */
export function compileFullMatchRegex(pattern: string, ignoreCase: boolean): CompiledRegex {
  let source = pattern;
  let flags = ignoreCase ? 'i' : '';
  if (source.startsWith('(?i)')) {
    source = source.slice(4);
    flags = 'i';
  }
  source = source.replace(/\(\?P</g, '(?<').replace(/\\z/g, '$').replace(/\\A/g, '^');
  try {
    return { ok: true, regex: new RegExp(`^(?:${source})$`, flags) };
  } catch (error) {
    return { ok: false, code: 'invalid-regex', message: `cannot compile ${JSON.stringify(pattern)}: ${String(error)}` };
  }
}
