// A Sentry environment name, as Sentry takes it when Songbird records a deploy
// (POST releases/{version}/deploys/, DeploySerializer.environment in
// src/sentry/releases/endpoints/release_deploys.py):
// - Environment.is_valid_name (src/sentry/models/environment.py) with
//   ENVIRONMENT_NAME_PATTERN `^[^\n\r\f\/]*$` and ENVIRONMENT_NAME_MAX_LENGTH 64
//   (src/sentry/constants.py): no `/`, newline, carriage return or form feed,
//   at most 64 characters (Python's len: code points);
// - a DRF CharField: required, not blank, and trimmed of surrounding
//   whitespace, so ` production` would be recorded as `production` while
//   Songbird queries ` production`; refused here (ASCII and Latin-1 spaces,
//   the ones a pattern can name alike in JavaScript and Go's RE2).
// The stand-in enforces the same rule (e2e/sentry/releases-endpoints.ts).
import { z } from 'zod';

export const SENTRY_ENVIRONMENT_MAX_LENGTH = 64;

const EDGE = '[^\\t\\n\\v\\f\\r /\\x1c-\\x1f\\x85\\xa0]';
const INNER = '[^\\n\\r\\f/]';
const ENVIRONMENT_NAME = new RegExp(`^${EDGE}(${INNER}*${EDGE})?$`);

export const SENTRY_ENVIRONMENT_MESSAGE =
  'a Sentry environment name: no /, newline, carriage return or form feed (Sentry\'s Environment.is_valid_name), ' +
  'and no leading or trailing whitespace (Sentry trims it, so the deploy would be recorded under another name)';

/** Code points, as Python's len() and Kubernetes' maxLength count them (not UTF-16 units). */
function codePoints(text: string): number {
  return [...text].length;
}

/** An environment Sentry accepts for a deploy; the CRD carries the same pattern and maxLength. */
export const sentryEnvironmentSchema = z
  .string()
  .min(1, 'a Sentry environment must not be empty (Sentry requires one for a deploy)')
  .regex(ENVIRONMENT_NAME, SENTRY_ENVIRONMENT_MESSAGE)
  .refine((name) => codePoints(name) <= SENTRY_ENVIRONMENT_MAX_LENGTH, {
    message: `a Sentry environment name may have at most ${SENTRY_ENVIRONMENT_MAX_LENGTH} characters (Sentry's ENVIRONMENT_NAME_MAX_LENGTH)`,
  })
  .meta({ maxLength: SENTRY_ENVIRONMENT_MAX_LENGTH });
