import { z } from 'zod';

/**
 * A Secret data key as Kubernetes accepts it (k8s.io/apimachinery IsConfigMapKey: letters, digits,
 * '-', '_' and '.', at most 253 characters); a key outside it can never be in a Secret.
 */
export const SECRET_DATA_KEY_PATTERN = /^[-._a-zA-Z0-9]+$/;
export const MAX_SECRET_DATA_KEY_LENGTH = 253;
export const SECRET_DATA_KEY_RULE = `a Secret data key: letters, digits, '-', '_' and '.', at most ${MAX_SECRET_DATA_KEY_LENGTH} characters`;

/** A Secret data key (SECRET_DATA_KEY_PATTERN); the one definition every Secret reference uses. */
export const secretDataKeySchema = z.string().regex(SECRET_DATA_KEY_PATTERN, SECRET_DATA_KEY_RULE).max(MAX_SECRET_DATA_KEY_LENGTH, SECRET_DATA_KEY_RULE);

/** A key of a Secret in the Canary's namespace: `name` a DNS-1123 label, `key` a Secret data key. */
export const secretKeyRefSchema = z.object({
  name: z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'a DNS-1123 label').max(63).describe('Secret in the Canary\'s namespace.'),
  key: secretDataKeySchema.describe('Key inside the Secret.'),
});

export type SecretKeyRef = z.infer<typeof secretKeyRefSchema>;
