// Usage errors yargs lets through, found before any command runs (program.ts
// runs this as a global check, so each is exit code 2 with the usage):
// - an option given twice (`--context a --context b`): yargs makes an array,
//   which would otherwise fall back to the default (the default cluster!);
// - an option that needs a value given without one (`-n`, `-o`, `-n=`);
// - a number option that is not a number (`--interval abc` is NaN to yargs);
// - a -n that is not a namespace name, a --request-timeout that is not a duration.
import { namespaceProblem } from './kubernetes-names.js';
import { parseRequestTimeout } from './request-timeout.js';

/** The global options that take a value, with their one-letter aliases. */
const VALUED: readonly (readonly [string, string?])[] = [['namespace', 'n'], ['output', 'o'], ['context'], ['kubeconfig'], ['request-timeout']];

const spelled = (key: string) => (key.length === 1 ? `-${key}` : `--${key}`);

/**
 * The first usage problem of `args` as yargs parsed them into `parsed`, as a
 * message naming the option, or undefined. Keys of `parsed` with capitals
 * (yargs's camel-case copies) are skipped, so an option is named as typed.
 */
export function usageProblem(args: readonly string[], parsed: Readonly<Record<string, unknown>>): string | undefined {
  const keys = Object.keys(parsed)
    .filter((key) => key !== '_' && key !== '$0' && !/[A-Z]/.test(key))
    .sort((a, b) => b.length - a.length); // the long name before its alias
  for (const key of keys) {
    const value = parsed[key];
    if (Array.isArray(value)) return `${spelled(key)} given more than once (${value.map((v) => JSON.stringify(v)).join(', ')}): give it once`;
    if (typeof value === 'number' && Number.isNaN(value)) return `${spelled(key)}: not a number`;
  }
  const end = args.includes('--') ? args.indexOf('--') : args.length;
  for (const [name, alias] of VALUED) {
    const named = `--${name}${alias ? ` (-${alias})` : ''}`;
    const given = args.slice(0, end).some((word, i) => (word === `--${name}` || word === `-${alias}`) && (i + 1 >= end || args[i + 1]!.startsWith('-')));
    if (given || parsed[name] === '') return `${named} needs a value`;
  }
  const namespace = parsed['namespace'];
  if (typeof namespace === 'string') {
    const problem = namespaceProblem(namespace);
    if (problem) return `--namespace (-n) ${JSON.stringify(namespace)}: ${problem}`;
  }
  const timeout = parsed['request-timeout'];
  if (typeof timeout === 'string' && parseRequestTimeout(timeout) === undefined) {
    return `--request-timeout ${JSON.stringify(timeout)}: not a duration such as 30s, 2m or 1h (0: no timeout)`;
  }
  return undefined;
}
