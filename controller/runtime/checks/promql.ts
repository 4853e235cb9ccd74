import { renderQuery } from '../../core/measurement/query-template.js';
import { windowOf } from '../../core/measurement/windows.js';
import { failed, type CheckOf, type Measure } from './measure.js';
import { rawAnswer } from './prometheus-answer.js';

/** promql: the user's query with {{ namespace }}, {{ target }} and {{ interval }} (its window) replaced, and its one value. */
export const measurePromql: Measure<CheckOf<'promql'>> = async (scope, check) => {
  const query = renderQuery(check.query, { ...scope.vars, interval: `${windowOf(check, scope.times).seconds}s` });
  const value = rawAnswer(await scope.prometheus.scalar(query));
  return value.ok ? { check: check.name, kind: 'query', query, value: value.value } : failed(check, value.reason);
};
