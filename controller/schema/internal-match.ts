// How a Canary recognises internal users: header, cookie and JWT-claim
// matches, each checked against the rules Istio's validation applies to the
// VirtualService match it becomes (istio.io/istio pkg/config/validation:
// validateHTTPRouteMatchRequest, validateStringMatch, validateStringRegexp,
// ValidateHTTPHeaderNameOrJwtClaimRoute).
import { z } from 'zod';
import { cookieRegex } from './cookie-regex.js';
import { MAX_REGEX_BYTES, re2PatternProblem, REGEX_BYTES_CEL_RULE } from './re2-pattern.js';

/** Most internal match entries per Canary; bounds the cost of the CRD's CEL rule. */
export const MAX_INTERNAL_MATCHES = 64;

/** RFC 7230 token characters, the header names Istio's validation accepts (validHeaderNameRegex). */
const HTTP_HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** A user regex: RE2, at most 1,024 bytes, not empty; the error names the field. */
export const re2RegexSchema = z
  .string()
  .max(MAX_REGEX_BYTES, `a regex may have at most ${MAX_REGEX_BYTES} bytes, as in Istio`)
  .superRefine((pattern, ctx) => {
    if (pattern.length > MAX_REGEX_BYTES) return; // already reported by max()
    const problem = re2PatternProblem(pattern);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .describe('RE2 regex (https://github.com/google/re2/wiki/Syntax) matched against the whole value, at most 1024 bytes.')
  .meta({ 'x-kubernetes-validations': [REGEX_BYTES_CEL_RULE] });

const stringMatchFields = {
  exact: z.string().optional(),
  prefix: z.string().min(1, 'a prefix must not be empty (Istio refuses an empty prefix)').optional(),
  regex: re2RegexSchema.optional(),
};
const oneStringMatch = (value: { exact?: string; prefix?: string; regex?: string }) =>
  [value.exact, value.prefix, value.regex].filter((v) => v !== undefined).length === 1;
const ONE_OF = { message: 'give exactly one of exact, prefix or regex' };

export const headerMatchSchema = z
  .object({
    name: z
      .string()
      .min(1)
      .regex(HTTP_HEADER_NAME, 'an HTTP header name (letters, digits and !#$%&\'*+-.^_`|~), as Istio requires')
      .describe('Request header name, lower case.'),
    ...stringMatchFields,
  })
  .refine(oneStringMatch, ONE_OF);

export const jwtClaimMatchSchema = z
  .object({
    name: z.string().min(1).describe('JWT claim, matched as Istio\'s @request.auth.claims.<name>; needs a gateway in service.gateways.'),
    ...stringMatchFields,
  })
  .refine(oneStringMatch, ONE_OF);

export const cookieMatchSchema = z
  .object({
    name: z.string().min(1).optional().describe('Cookie name; with value, matches the cookie name=value.'),
    value: z.string().optional(),
    regex: re2RegexSchema.optional().describe('RE2 regex over the whole Cookie header, as in Istio; at most 1024 bytes.'),
  })
  .refine((c) => (c.regex !== undefined) !== (c.name !== undefined && c.value !== undefined), {
    message: 'give either name and value, or regex',
  })
  .superRefine((c, ctx) => {
    if (c.name === undefined || c.value === undefined) return;
    const problem = re2PatternProblem(cookieRegex(c.name, c.value));
    if (problem) ctx.addIssue({ code: 'custom', message: `name and value become a regex over the Cookie header, and ${problem}` });
  });

export const internalMatchSchema = z
  .object({ header: headerMatchSchema.optional(), cookie: cookieMatchSchema.optional(), jwtClaim: jwtClaimMatchSchema.optional() })
  .refine((m) => m.header || m.cookie || m.jwtClaim, { message: 'a match needs a header, cookie or jwtClaim' })
  .refine((m) => !(m.cookie && m.header?.name.toLowerCase() === 'cookie'), {
    message: 'one entry cannot test both the cookie header and a cookie: Istio allows one condition per header in a match entry',
    path: ['header', 'name'],
  })
  .describe('Conditions of one entry are ANDed; entries are ORed.');

export type InternalMatch = z.infer<typeof internalMatchSchema>;
export type StringMatch = { exact?: string; prefix?: string; regex?: string };
