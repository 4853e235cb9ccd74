// Django REST framework's field validation, as Sentry's serializers use it,
// with DRF's own messages (rest_framework/fields.py `default_error_messages`).
// Errors are collected per field: {"name": ["Ensure this field has no more than 64 characters."]}.

export type FieldErrors = Record<string, string[]>;

export interface CharFieldRules {
  readonly required?: boolean;
  readonly allowNull?: boolean;
  readonly allowBlank?: boolean;
  readonly maxLength?: number;
}

/**
 * A DRF CharField: absent → "This field is required." when required; null →
 * "This field may not be null."; not a string → "Not a valid string."; "" →
 * "This field may not be blank."; longer than max_length (counted in code
 * points, as Python's len) → "Ensure this field has no more than N characters."
 * Returns the value (undefined when absent or null) or records an error.
 */
export function charField(errors: FieldErrors, body: Record<string, unknown>, name: string, rules: CharFieldRules): string | undefined {
  const fail = (message: string) => {
    errors[name] = [...(errors[name] ?? []), message];
    return undefined;
  };
  if (!(name in body) || body[name] === undefined) return rules.required ? fail('This field is required.') : undefined;
  const value = body[name];
  if (value === null) return rules.allowNull ? undefined : fail('This field may not be null.');
  if (typeof value !== 'string' && typeof value !== 'number') return fail('Not a valid string.');
  const text = String(value);
  if (text === '' && !rules.allowBlank) return fail('This field may not be blank.');
  if (rules.maxLength !== undefined && [...text].length > rules.maxLength) return fail(`Ensure this field has no more than ${rules.maxLength} characters.`);
  return text;
}

/** A DRF URLField (absent, null or blank allowed as Sentry declares them): "Enter a valid URL." */
export function urlField(errors: FieldErrors, body: Record<string, unknown>, name: string): string | undefined {
  const value = charField(errors, body, name, { allowNull: true, allowBlank: true });
  if (!value) return undefined;
  try {
    const url = new URL(value);
    if (url.protocol === 'http:' || url.protocol === 'https:' || url.protocol === 'ftp:' || url.protocol === 'ftps:') return value;
  } catch {
    // falls through to the error
  }
  errors[name] = [...(errors[name] ?? []), 'Enter a valid URL.'];
  return undefined;
}

const ISO_8601 = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** A DRF DateTimeField with ISO-8601 input (null allowed as Sentry declares it). */
export function dateTimeField(errors: FieldErrors, body: Record<string, unknown>, name: string): string | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string' && ISO_8601.test(value) && !Number.isNaN(Date.parse(value))) return new Date(value).toISOString();
  errors[name] = [...(errors[name] ?? []), 'Datetime has wrong format. Use one of these formats instead: YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].'];
  return undefined;
}

export function hasErrors(errors: FieldErrors): boolean {
  return Object.keys(errors).length > 0;
}
