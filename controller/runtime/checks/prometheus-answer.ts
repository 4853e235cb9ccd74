import type { RawCount } from '../../core/observations.js';
import type { ScalarResult } from '../../adapters/prometheus/prometheus-client.js';

/** One Prometheus answer: its number as answered (undefined: no series), or the error's message. */
export type RawAnswer = { ok: true; value: RawCount } | { ok: false; reason: string };

export const rawAnswer = (result: ScalarResult): RawAnswer => (result.ok ? { ok: true, value: result.value } : { ok: false, reason: result.error.message });

/** The first failure's reason among several answers. */
export const firstReason = (...answers: Array<{ ok: true } | { ok: false; reason: string }>): string =>
  answers.flatMap((a) => (a.ok ? [] : [a.reason]))[0] ?? 'unknown failure';
