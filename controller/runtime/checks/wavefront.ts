import { renderQuery } from '../../core/measurement/query-template.js';
import { windowOf } from '../../core/measurement/windows.js';
import { failed, type CheckOf, type Measure } from './measure.js';

/**
 * wavefront: the check's WQL with {{ namespace }}, {{ target }} and {{ interval }} (its window,
 * e.g. `30s`) replaced, asked of the check's Wavefront over that window with the token from its
 * Secret (read at use time, in the Canary's namespace), and the last point of its one series.
 * Errors (the Secret, the query, the token, Wavefront down) are the check's measurement error.
 */
export const measureWavefront: Measure<CheckOf<'wavefront'>> = async (scope, check) => {
  const window = windowOf(check, scope.times);
  const query = renderQuery(check.query, { ...scope.vars, interval: `${window.seconds}s` });
  const token = await scope.readSecret(check.tokenSecretRef);
  if (!token.ok) return failed(check, token.error.message);
  const ref = `${scope.vars.namespace}/${check.tokenSecretRef.name}:${check.tokenSecretRef.key}`;
  const answer = await scope.wavefront.lastValue({ address: check.address, token: token.value, tokenSecretRef: ref }, { query, start: window.start, end: window.end });
  return answer.ok ? { check: check.name, kind: 'query', query, value: answer.value } : failed(check, answer.error.message);
};
