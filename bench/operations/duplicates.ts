// Counts actions done twice: Events Songbird recorded on Canaries, keyed by
// (involvedObject, reason, message), and Slack messages keyed by their text.
// An Event recorded again under the same name is refused by the apiserver
// (409) and leaves one object; a second object, or a count above 1, is a
// duplicate.

export interface EventLike {
  readonly involvedObject: { readonly kind?: string; readonly namespace?: string; readonly name?: string; readonly uid?: string };
  readonly reason?: string;
  readonly message?: string;
  readonly count?: number;
  readonly reportingComponent?: string;
}

export interface Duplicates {
  /** Actions beyond the first, summed over keys. */
  readonly count: number;
  /** The keys done more than once, with how many times. */
  readonly repeated: ReadonlyArray<{ readonly key: string; readonly times: number }>;
}

function countTimes(entries: ReadonlyArray<{ key: string; times: number }>): Duplicates {
  const times = new Map<string, number>();
  for (const { key, times: n } of entries) times.set(key, (times.get(key) ?? 0) + n);
  const repeated = [...times].filter(([, n]) => n > 1).map(([key, n]) => ({ key, times: n }));
  return { count: repeated.reduce((sum, r) => sum + r.times - 1, 0), repeated };
}

/** Duplicated Events among those `reportingComponent` recorded (each Event counts `count`, default 1, times). */
export function duplicateEvents(events: readonly EventLike[], reportingComponent: string): Duplicates {
  return countTimes(
    events
      .filter((e) => e.reportingComponent === reportingComponent)
      .map((e) => ({
        key: `${e.involvedObject.kind}/${e.involvedObject.namespace}/${e.involvedObject.name}/${e.involvedObject.uid} ${e.reason}: ${e.message}`,
        times: Math.max(1, e.count ?? 1),
      })),
  );
}

/** Duplicated Slack messages: the same text posted to the same webhook more than once. */
export function duplicateMessages(messages: ReadonlyArray<{ readonly path: string; readonly body: { readonly text: string } }>): Duplicates {
  return countTimes(messages.map((m) => ({ key: `${m.path} ${m.body.text}`, times: 1 })));
}
