// User regexes as Istio and Envoy take them: RE2 syntax, at most 1,024 bytes.
// Istio's validation (istio.io/istio pkg/config/validation, validateStringRegexp)
// refuses a pattern longer than 1024 bytes (its stand-in for Envoy's
// re2.max_program_size) and one Go's regexp (RE2) cannot compile; re2js is a
// port of Go's regexp, so it refuses the same patterns with the same words.
import { RE2JS } from 're2js';

/** Istio's limit on a regex, in bytes of UTF-8 (Go's len(string)). */
export const MAX_REGEX_BYTES = 1024;

/**
 * The byte limit for the apiserver: a CRD's maxLength counts characters, so
 * 342 to 1024 multi-byte characters would pass it. CEL's standard bytes(string)
 * conversion is UTF-8 (cel-go common/stdlib, cost linear in the string's
 * maxLength, which stays on the field to bound it).
 */
export const REGEX_BYTES_CEL_RULE = {
  rule: `size(bytes(self)) <= ${MAX_REGEX_BYTES}`,
  message: `a regex may have at most ${MAX_REGEX_BYTES} bytes of UTF-8, as in Istio`,
  reason: 'FieldValueInvalid',
} as const;

/** Why Istio would refuse `pattern` as a StringMatch regex, or undefined when it accepts it. */
export function re2PatternProblem(pattern: string): string | undefined {
  if (pattern === '') return 'a regex must not be empty (Istio refuses an empty regex)';
  const bytes = Buffer.byteLength(pattern, 'utf8');
  if (bytes > MAX_REGEX_BYTES) return `a regex may have at most ${MAX_REGEX_BYTES} bytes, as in Istio; this one has ${bytes}`;
  try {
    RE2JS.compile(pattern);
    return undefined;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return `not an RE2 regex, which Istio and Envoy require (${reason}); see https://github.com/google/re2/wiki/Syntax`;
  }
}
