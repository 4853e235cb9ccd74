// Sentry's rules for a release version (POST /organizations/{org}/releases/):
// ReleaseWithVersionSerializer.version is a CharField(max_length=MAX_VERSION_LENGTH=200,
// trim_whitespace=False), and `validate_version` refuses what
// `Release.is_valid_version` refuses (src/sentry/models/release.py): empty or
// whitespace-only, any of BAD_RELEASE_CHARS "\r\n\f\x0c\t/\\" (src/sentry/constants.py),
// "." or "..", and "latest" in any case. The message is the serializer's own.
import { charField, type FieldErrors } from './drf-fields.js';

export const MAX_VERSION_LENGTH = 200;
const BAD_RELEASE_CHARS = ['\r', '\n', '\f', '\x0c', '\t', '/', '\\'];

export function isValidVersion(value: string): boolean {
  if (BAD_RELEASE_CHARS.some((c) => value.includes(c))) return false;
  const stripped = value.trim();
  return stripped !== '' && stripped !== '.' && stripped !== '..' && stripped.toLowerCase() !== 'latest';
}

/** The version field of a release body, or undefined with the error recorded under `version`. */
export function versionField(errors: FieldErrors, body: Record<string, unknown>): string | undefined {
  const version = charField(errors, body, 'version', { required: true, maxLength: MAX_VERSION_LENGTH });
  if (version === undefined) return undefined;
  if (!isValidVersion(version)) {
    errors['version'] = [`Release with name ${version} is not allowed`];
    return undefined;
  }
  return version;
}
