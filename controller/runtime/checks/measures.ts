import type { Check } from '../../schema/checks.js';
import type { Measurement } from '../../core/observations.js';
import type { Measure, MeasureScope } from './measure.js';
import { measures } from './providers.js';

/** Measures one check with its type's Measure (its provider's, providers.ts); never throws. */
export function measureCheck(scope: MeasureScope, check: Check): Promise<Measurement> {
  // TypeScript cannot tie measures[check.type] to check's own variant; the mapped type Measures does.
  return (measures[check.type] as Measure<Check>)(scope, check);
}
