// Which Canaries a change of a watched object concerns, so an event enqueues
// those and no others (a Deployment event used to enqueue every Canary of its
// namespace). Canaries are indexed by their target Deployment, their Service
// name and their uid; an object is matched by:
// - a controller ownerReference to a Canary (the primary, its HPA, the
//   generated Services, DestinationRules and VirtualServices);
// - the songbird.dev/adopted-by annotation (an adopted Service or VirtualService);
// - its name: a Deployment a Canary targets, an HPA scaling one, a Service,
//   DestinationRule or VirtualService named `<svc>`, `<svc>-primary`,
//   `<svc>-canary` or `<svc>-gateway`;
// - any other VirtualService concerns every Canary of its namespace (it may
//   claim the same hosts: route conflicts).
import type { KubernetesObject } from '@kubernetes/client-node';
import type { CachedKind } from '../adapters/kubernetes/cluster-caches.js';
import { ADOPTED_BY_ANNOTATION } from '../adapters/kubernetes/owner-reference.js';
import { GROUP } from '../schema/canary.js';
import { SERVICE_SUFFIXES } from '../schema/generated-names.js';

interface Indexed {
  readonly uid: string;
  /** What of the Canary asks for a reconcile when it changes (status writes of one phase do not). */
  readonly fingerprint: string;
  readonly target: string | undefined;
  readonly service: string | undefined;
}

const SUFFIXES = SERVICE_SUFFIXES;

type Spec = { targetRef?: { name?: unknown }; service?: { name?: unknown } };
type Meta = KubernetesObject['metadata'] & { annotations?: Record<string, string> };

/** `namespace/name` of a Canary, the work queue's key. */
export const canaryKey = (namespace: string, name: string): string => `${namespace}/${name}`;

export class CanaryIndex {
  private readonly canaries = new Map<string, Indexed>();
  private readonly byUid = new Map<string, string>();
  private readonly byTarget = new Map<string, Set<string>>();
  private readonly byService = new Map<string, Set<string>>();
  private readonly byNamespace = new Map<string, Set<string>>();

  /**
   * Records a Canary as seen (`gone`: deleted); answers its own key, or no key
   * when only its status changed within one phase: that is Songbird's own
   * status write echoing back, and the reconcile that wrote it already said
   * when to look again. A phase change still answers the key (the next phase
   * may act at once), as does any change of spec (generation), annotations,
   * labels, finalizers or deletion.
   */
  canaryChanged(namespace: string, name: string, object: KubernetesObject | undefined, gone: boolean): string[] {
    const key = canaryKey(namespace, name);
    const before = this.canaries.get(key);
    this.forget(key);
    if (!gone && object) {
      const spec = ((object as { spec?: Spec }).spec ?? {}) as Spec;
      const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
      const target = text(spec.targetRef?.name);
      const entry: Indexed = { uid: object.metadata?.uid ?? '', fingerprint: fingerprintOf(object), target, service: text(spec.service?.name) ?? target };
      this.canaries.set(key, entry);
      if (entry.uid) this.byUid.set(entry.uid, key);
      if (entry.target) add(this.byTarget, `${namespace}/${entry.target}`, key);
      if (entry.service) add(this.byService, `${namespace}/${entry.service}`, key);
      add(this.byNamespace, namespace, key);
      if (before?.fingerprint === entry.fingerprint) return [];
    }
    return [key];
  }

  /** The keys of the Canaries a change of this object concerns (`object` absent: only its name is known). */
  concerned(kind: Exclude<CachedKind, 'canaries'>, namespace: string, name: string, object: KubernetesObject | undefined): string[] {
    const keys = new Set<string>();
    const metadata = object?.metadata as Meta | undefined;
    for (const ref of metadata?.ownerReferences ?? []) {
      const owner = ref.kind === 'Canary' && ref.apiVersion?.startsWith(`${GROUP}/`) ? this.byUid.get(ref.uid) : undefined;
      if (owner) keys.add(owner);
    }
    const adopter = metadata?.annotations?.[ADOPTED_BY_ANNOTATION];
    const adopted = adopter ? this.byUid.get(adopter) : undefined;
    if (adopted) keys.add(adopted);
    switch (kind) {
      case 'deployments':
        this.targeting(namespace, name).forEach((k) => keys.add(k));
        break;
      case 'autoscalers': {
        const scaled = (object as { spec?: { scaleTargetRef?: { name?: string } } } | undefined)?.spec?.scaleTargetRef?.name;
        this.targeting(namespace, scaled ?? name).forEach((k) => keys.add(k));
        break;
      }
      case 'services':
      case 'destinationRules':
        this.serving(namespace, name).forEach((k) => keys.add(k));
        break;
      case 'virtualServices':
        if (keys.size === 0) this.byNamespace.get(namespace)?.forEach((k) => keys.add(k));
        else this.serving(namespace, name).forEach((k) => keys.add(k));
        break;
    }
    return [...keys];
  }

  /** Every Canary known (the periodic resync). */
  keys(): string[] {
    return [...this.canaries.keys()];
  }

  /** A Deployment `name` or its primary `<name>-primary`. */
  private targeting(namespace: string, name: string): string[] {
    const direct = this.byTarget.get(`${namespace}/${name}`) ?? new Set<string>();
    const primaryOf = name.endsWith('-primary') ? this.byTarget.get(`${namespace}/${name.slice(0, -'-primary'.length)}`) : undefined;
    return [...direct, ...(primaryOf ?? [])];
  }

  private serving(namespace: string, name: string): string[] {
    const names = [name, ...SUFFIXES.filter((s) => name.endsWith(s)).map((s) => name.slice(0, -s.length))];
    return names.flatMap((n) => [...(this.byService.get(`${namespace}/${n}`) ?? [])]);
  }

  private forget(key: string): void {
    const entry = this.canaries.get(key);
    if (!entry) return;
    this.canaries.delete(key);
    const namespace = key.slice(0, key.indexOf('/'));
    if (this.byUid.get(entry.uid) === key) this.byUid.delete(entry.uid);
    if (entry.target) remove(this.byTarget, `${namespace}/${entry.target}`, key);
    if (entry.service) remove(this.byService, `${namespace}/${entry.service}`, key);
    remove(this.byNamespace, namespace, key);
  }
}

function add(map: Map<string, Set<string>>, at: string, key: string): void {
  const set = map.get(at) ?? new Set<string>();
  set.add(key);
  map.set(at, set);
}

function remove(map: Map<string, Set<string>>, at: string, key: string): void {
  const set = map.get(at);
  if (!set) return;
  set.delete(key);
  if (set.size === 0) map.delete(at);
}

/** The parts of a Canary whose change asks for a reconcile: everything but its status within one phase. */
function fingerprintOf(object: KubernetesObject): string {
  const metadata = (object.metadata ?? {}) as Meta & { generation?: number; deletionTimestamp?: unknown; finalizers?: string[]; labels?: Record<string, string> };
  const { spec, status } = object as { spec?: unknown; status?: { phase?: unknown } };
  return JSON.stringify([metadata.uid, metadata.generation, spec, metadata.annotations, metadata.labels, metadata.finalizers, metadata.deletionTimestamp, status?.phase]);
}
