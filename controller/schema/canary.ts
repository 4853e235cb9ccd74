import { z } from 'zod';
import { canarySpecSchema, type CanarySpec } from './canary-spec.js';
import { canaryStatusSchema, type CanaryStatus } from './canary-status.js';
import { CANARY_NAME_TOO_LONG, MAX_CANARY_NAME_LENGTH } from './generated-names.js';

export const GROUP = 'songbird.dev';
export const VERSION = 'v1alpha1';
export const KIND = 'Canary';
export const PLURAL = 'canaries';

export interface CanaryMetadata {
  name: string;
  namespace: string;
  uid?: string;
  generation?: number;
  resourceVersion?: string;
  annotations?: Record<string, string>;
  /** Set by the apiserver once deletion was requested; the object stays while finalizers remain. */
  deletionTimestamp?: string;
  finalizers?: string[];
}

export interface CanaryResource {
  metadata: CanaryMetadata;
  spec: unknown;
  status?: unknown;
}

export type SpecError = { code: 'invalidSpec'; message: string; field: string; retryable: false };

export type ParsedSpec = { ok: true; spec: CanarySpec } | { ok: false; error: SpecError };

/** A zod issue path as Kubernetes spells field paths: `spec.stages.internal.match[0].header.regex`. */
export function fieldPath(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>((text, key) => (typeof key === 'number' ? `${text}[${key}]` : `${text}.${String(key)}`), 'spec');
}

/** Validates and defaults a Canary spec; an error names the first bad field by its path (see fieldPath). */
export function parseCanarySpec(raw: unknown): ParsedSpec {
  const parsed = canarySpecSchema.safeParse(raw ?? {});
  if (parsed.success) return { ok: true, spec: parsed.data };
  const issues = parsed.error.issues;
  const first = issues[0]!;
  const field = fieldPath(first.path);
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''})` : '';
  return {
    ok: false,
    error: { code: 'invalidSpec', field, message: `${field}: ${first.message}${more}`, retryable: false },
  };
}

/**
 * Refuses a Canary name longer than 63 characters (it is the value of the
 * songbird.dev/canary label; see generated-names.ts). The CRD refuses it at
 * admission; this catches a Canary stored before that rule existed.
 */
export function checkCanaryName(name: string): { ok: true } | { ok: false; error: SpecError } {
  if (name.length <= MAX_CANARY_NAME_LENGTH) return { ok: true };
  const field = 'metadata.name';
  return { ok: false, error: { code: 'invalidSpec', field, message: `${field}: ${CANARY_NAME_TOO_LONG}`, retryable: false } };
}

/**
 * Reads the status for display (the CLI, e2e watches): anything unreadable becomes an empty status
 * rather than a crash. The controller never acts on that: it reads with core/status-reading.ts
 * readCanaryStatus, which trims its bounded lists and otherwise holds, naming the field.
 */
export function parseCanaryStatus(raw: unknown): CanaryStatus {
  const parsed = canaryStatusSchema.safeParse(raw ?? {});
  return parsed.success ? parsed.data : {};
}

export const canaryListSchema = z.object({ items: z.array(z.unknown()) });
