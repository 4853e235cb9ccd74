// Drawing one of several choices in proportion to its weight, as a mesh
// splits traffic between weighted destinations (Istio) or backends (Gateway API).
import type { RandomSource } from './seeded-random.js';

/**
 * One of `items`, drawn with probability weightOf(item) / the sum of the
 * positive weights, using one number from `random`. An item of weight 0 or
 * less is never drawn; undefined when no item has a positive weight.
 */
export function drawByWeight<T>(items: readonly T[], weightOf: (item: T) => number, random: RandomSource): T | undefined {
  const weighted = items.filter((item) => weightOf(item) > 0);
  const total = weighted.reduce((sum, item) => sum + weightOf(item), 0);
  if (total === 0) return undefined;
  let remaining = random() * total;
  for (const item of weighted) {
    remaining -= weightOf(item);
    if (remaining < 0) return item;
  }
  return weighted[weighted.length - 1];
}
