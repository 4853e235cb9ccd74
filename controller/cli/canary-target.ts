// The NAME argument of status, watch, pause, ...: a Canary name (a DNS-1123
// subdomain, so dots are allowed), or `namespace/name` as the old CLI took it.
import { failed, ok, type Result } from '../core/result.js';
import { canaryNameProblem, namespaceProblem } from './kubernetes-names.js';

export interface CanaryTarget {
  readonly namespace: string;
  readonly name: string;
}

export type BadTarget = { readonly code: 'badName'; readonly message: string; readonly retryable: false };

/**
 * `name` in `namespace` (-n or the context's), or `ns/name`. An empty part, a
 * second `/`, a name that is not a DNS-1123 subdomain (`.`, `..`, `Web`) or a
 * namespace that is not a DNS-1123 label is `badName`, naming the argument.
 */
export function targetOf(argument: string, namespace: string): Result<CanaryTarget, BadTarget> {
  const parts = argument.split('/');
  const bad = (why: string) => failed<BadTarget>({ code: 'badName', retryable: false, message: `NAME ${JSON.stringify(argument)}: ${why}` });
  if (parts.length > 2) return bad('give a Canary name, or <namespace>/<name>');
  const [first, second] = parts as [string, string | undefined];
  if (second === undefined && !first) return bad('empty');
  if (second !== undefined && !(first && second)) return bad('give a Canary name, or <namespace>/<name>');
  const target = second === undefined ? { namespace, name: first } : { namespace: first, name: second };
  const nameProblem = canaryNameProblem(target.name);
  if (nameProblem) return bad(nameProblem);
  const spaceProblem = namespaceProblem(target.namespace);
  if (spaceProblem) return bad(`namespace ${JSON.stringify(target.namespace)}: ${spaceProblem}`);
  return ok(target);
}
