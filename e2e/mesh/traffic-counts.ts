// Exact request counts for tests: per destination workload, per Service and
// overall, split by user kind. `errors` counts 5xx responses; `exceptions`
// counts the new exception type thrown for internal users (responses 200).
import { USER_KINDS, type UserKind } from './request-outcome.js';
import type { ServedRequest } from './serve-request.js';

export interface RequestCounts {
  readonly requests: number;
  readonly errors: number;
  readonly exceptions: number;
}

export type CountsByUser = Readonly<Record<UserKind, RequestCounts>>;

export interface MeshCounts {
  readonly total: CountsByUser;
  /** Requests a workload answered, keyed by Deployment name. */
  readonly workloads: Readonly<Record<string, CountsByUser>>;
  /** Requests routed to a Service (including 503s when it had no ready workload), keyed by Service name. */
  readonly services: Readonly<Record<string, CountsByUser>>;
  /** Requests no route accepted (404) or answered by a direct response. */
  readonly notRouted: CountsByUser;
}

export interface TrafficCounter {
  record(served: ServedRequest, user: UserKind): void;
  snapshot(): MeshCounts;
  reset(): void;
}

type MutableCounts = Record<UserKind, { requests: number; errors: number; exceptions: number }>;

export function emptyCountsByUser(): CountsByUser {
  return freshCounts();
}

function freshCounts(): MutableCounts {
  return { internal: { requests: 0, errors: 0, exceptions: 0 }, customer: { requests: 0, errors: 0, exceptions: 0 } };
}

export function createTrafficCounter(): TrafficCounter {
  let total = freshCounts();
  let notRouted = freshCounts();
  let workloads = new Map<string, MutableCounts>();
  let services = new Map<string, MutableCounts>();

  const bump = (counts: MutableCounts, user: UserKind, status: number, exception: boolean): void => {
    counts[user].requests += 1;
    if (status >= 500) counts[user].errors += 1;
    if (exception) counts[user].exceptions += 1;
  };
  const entry = (map: Map<string, MutableCounts>, key: string): MutableCounts => {
    const existing = map.get(key);
    if (existing) return existing;
    const created = freshCounts();
    map.set(key, created);
    return created;
  };
  const copy = (counts: MutableCounts): CountsByUser =>
    Object.fromEntries(USER_KINDS.map((user) => [user, { ...counts[user] }])) as CountsByUser;

  return {
    record(served, user) {
      const status = served.kind === 'served' ? served.outcome.status : served.status;
      const exception = served.kind === 'served' && served.outcome.exception;
      bump(total, user, status, exception);
      if (served.kind === 'not-routed') bump(notRouted, user, status, exception);
      else bump(entry(services, served.service.name), user, status, exception);
      if (served.kind === 'served') bump(entry(workloads, served.workload.name), user, status, exception);
    },
    snapshot() {
      return {
        total: copy(total),
        workloads: Object.fromEntries([...workloads].map(([name, counts]) => [name, copy(counts)])),
        services: Object.fromEntries([...services].map(([name, counts]) => [name, copy(counts)])),
        notRouted: copy(notRouted),
      };
    },
    reset() {
      total = freshCounts();
      notRouted = freshCounts();
      workloads = new Map();
      services = new Map();
    },
  };
}
