import { windowOf } from '../../core/measurement/windows.js';
import type { CheckOf, Measure } from './measure.js';
import { measureSentryEvents } from './sentry-events.js';

/** sentryErrorRate: Sentry error events per request of the canary's and the primary's release over the check's window. */
export const measureSentryErrorRate: Measure<CheckOf<'sentryErrorRate'>> = (scope, check) => measureSentryEvents(scope, check, windowOf(check, scope.times));
