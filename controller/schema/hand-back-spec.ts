// The part of a Canary spec that removal needs: which Deployment to hand the
// service back to, which Services and routes, and the interval (drain). A
// Canary whose spec fails validation elsewhere (a check that needs
// spec.sentry, a bad stage) can still be removed without an outage.
import { parseCanarySpec, type ParsedSpec } from './canary.js';

/** Parses only targetRef, service and analysis.interval of `raw` (the rest defaulted); errors name the field as parseCanarySpec does. */
export function parseHandBackSpec(raw: unknown): ParsedSpec {
  const spec = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const analysis = spec['analysis'] as Record<string, unknown> | undefined;
  const interval = typeof analysis?.['interval'] === 'string' ? { interval: analysis['interval'] } : {};
  const withInterval = parseCanarySpec({ targetRef: spec['targetRef'], service: spec['service'], analysis: { ...interval, threshold: 1, checks: [] } });
  if (withInterval.ok || !interval.interval) return withInterval;
  return parseCanarySpec({ targetRef: spec['targetRef'], service: spec['service'], analysis: { threshold: 1, checks: [] } });
}
