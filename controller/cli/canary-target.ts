// The NAME argument of status, watch, pause, ...: a Canary name (a DNS-1123
// subdomain, so dots are allowed), or `namespace/name` as the old CLI took it.
import { failed, ok, type Result } from '../core/result.js';

export interface CanaryTarget {
  readonly namespace: string;
  readonly name: string;
}

export type BadTarget = { readonly code: 'badName'; readonly message: string; readonly retryable: false };

/** `name` in `namespace` (-n or the context's), or `ns/name`; an empty part or a second `/` is `badName`. */
export function targetOf(argument: string, namespace: string): Result<CanaryTarget, BadTarget> {
  const parts = argument.split('/');
  const bad = (why: string) => failed<BadTarget>({ code: 'badName', retryable: false, message: `NAME ${JSON.stringify(argument)}: ${why}` });
  if (parts.length > 2) return bad('give a Canary name, or <namespace>/<name>');
  const [first, second] = parts as [string, string | undefined];
  if (second === undefined) return first ? ok({ namespace, name: first }) : bad('empty');
  return first && second ? ok({ namespace: first, name: second }) : bad('give a Canary name, or <namespace>/<name>');
}
