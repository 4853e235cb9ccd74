// The note a status reason ends with while the canary keeps its pods after the
// routes left it (step.ts drained()); taken off again once it is scaled to zero.

/** Where the drain note starts in a status reason. */
export const DRAIN_MARK = '; draining: ';

/** `reason` without its drain note (unchanged when it has none). */
export const withoutDrainNote = (reason: string | undefined): string | undefined => {
  const at = reason?.indexOf(DRAIN_MARK) ?? -1;
  return at < 0 ? reason : reason!.slice(0, at);
};
