// What one environment variable of a container holds when it starts, as far as its pod template
// tells. The kubelet builds a container's environment (makeEnvironmentVariables in
// pkg/kubelet/kubelet_pods.go, k8s.io/kubernetes): first every envFrom source, each key with its
// prefix; then every env entry in order, each overriding what came before. A non-empty `value`
// has its `$(VAR)` references expanded from what is defined so far (and from Service link
// variables), `$$` escapes `$`, and an undefined reference stays as written
// (third_party/forked/golang/expansion/expand.go). Decisions only: no I/O.
import type { EnvFromSource, EnvVar } from './observations.js';

/** `set`: the value the process sees; `unset`: no such variable; `unreadable`: only the cluster knows (why completes "VAR …"). */
export type EnvValue = { readonly state: 'set'; readonly value: string } | { readonly state: 'unset' } | { readonly state: 'unreadable'; readonly why: string };

type Slot = { readonly known: true; readonly value: string } | { readonly known: false; readonly why: string };

const NO_LITERAL = 'has no literal value (valueFrom cannot be read from the pod template)';

// Names of the variables the kubelet sets for each Service (pkg/kubelet/envvars/envvars.go):
// FOO_SERVICE_HOST, FOO_SERVICE_PORT[_NAME], FOO_PORT, FOO_PORT_80_TCP[_PROTO|_PORT|_ADDR].
const SERVICE_LINK = /_(SERVICE_HOST|SERVICE_PORT(_\w+)?|PORT(_\d+_(TCP|UDP|SCTP)(_(PROTO|PORT|ADDR))?)?)$/;

/** The value of `name` in a container with these env and envFrom entries (see the file's comment for the rules). */
export function envValueOf(container: { env?: readonly EnvVar[]; envFrom?: readonly EnvFromSource[] }, name: string): EnvValue {
  const defined = new Map<string, Slot>();
  const sources = container.envFrom ?? [];
  const lookup = (variable: string): Slot | undefined => {
    const slot = defined.get(variable);
    if (slot) return slot;
    const from = variable === '' ? [] : sources.filter((s) => variable.startsWith(s.prefix ?? ''));
    if (from.length > 0) return { known: false, why: `may come from envFrom (${from.map(describeSource).join(', ')}), which Songbird cannot read` };
    return undefined;
  };
  for (const entry of container.env ?? []) {
    if (entry.value) defined.set(entry.name, expand(entry.value, lookup));
    else if (entry.valueFrom !== undefined) defined.set(entry.name, { known: false, why: NO_LITERAL });
    else defined.set(entry.name, { known: true, value: '' });
  }
  const slot = lookup(name);
  if (!slot) return { state: 'unset' };
  return slot.known ? { state: 'set', value: slot.value } : { state: 'unreadable', why: slot.why };
}

/** Kubernetes's expansion of `$(VAR)` in `input`; a reference only the cluster can resolve makes the whole value unreadable. */
function expand(input: string, lookup: (variable: string) => Slot | undefined): Slot {
  let out = '';
  let checkpoint = 0;
  for (let cursor = 0; cursor < input.length; cursor++) {
    if (input[cursor] !== '$' || cursor + 1 >= input.length) continue;
    out += input.slice(checkpoint, cursor);
    const next = input[cursor + 1];
    const close = next === '(' ? input.indexOf(')', cursor + 2) : -1;
    if (next === '$') {
      out += '$'; // `$$` is an escaped `$`
      cursor += 1;
    } else if (close >= 0) {
      const variable = input.slice(cursor + 2, close);
      const slot = lookup(variable);
      if (slot && !slot.known) return { known: false, why: `refers to $(${variable}), which ${slot.why}` };
      if (!slot && SERVICE_LINK.test(variable)) return { known: false, why: `refers to $(${variable}), which may be a Service link variable the kubelet sets` };
      out += slot ? slot.value : `$(${variable})`; // undefined: left as written
      cursor = close;
    } else {
      out += `$${next}`; // a `$` that starts no reference, or `$(` never closed
      cursor += 1;
    }
    checkpoint = cursor + 1;
  }
  return { known: true, value: out + input.slice(checkpoint) };
}

function describeSource(source: EnvFromSource): string {
  const what = source.configMapRef ? `ConfigMap ${source.configMapRef.name ?? ''}` : source.secretRef ? `Secret ${source.secretRef.name ?? ''}` : 'an env source';
  return source.prefix ? `${what.trim()} with prefix ${source.prefix}` : what.trim();
}
