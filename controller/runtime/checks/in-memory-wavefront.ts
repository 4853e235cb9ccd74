// For tests: a WavefrontPort answering from memory by query, recording every call (token
// included, so a test can prove which Secret's token went out). A query it holds nothing for
// answers no data; an Error value answers that error.
import type { WavefrontError, WavefrontPort, WavefrontQuery, WavefrontTarget } from '../../adapters/wavefront/wavefront-port.js';

export interface InMemoryWavefront extends WavefrontPort {
  calls: Array<{ target: WavefrontTarget; query: WavefrontQuery }>;
}

export function inMemoryWavefront(answers: Record<string, number | WavefrontError> = {}): InMemoryWavefront {
  const calls: InMemoryWavefront['calls'] = [];
  return {
    calls,
    lastValue(target, query) {
      calls.push({ target, query });
      const answer = answers[query.query];
      return Promise.resolve(typeof answer === 'object' ? { ok: false, error: answer } : { ok: true, value: answer });
    },
  };
}

/** A Secret reader that knows no Secret: for scopes whose checks read none. */
export const noSecrets = (ref: { name: string; key: string }) =>
  Promise.resolve({ ok: false as const, error: { code: 'notFound', message: `Secret ${ref.name} not found`, retryable: false } });
