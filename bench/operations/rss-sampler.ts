// Resident memory of a process, as the kernel counts it (VmRSS in
// /proc/<pid>/status, proc(5)), sampled once a second. The process tree's sum
// is kept beside it: `node --import tsx` may start helpers (esbuild's service)
// whose memory the old image also paid for.
import { readFileSync, readdirSync } from 'node:fs';

const KIB_PER_MIB = 1024;

/** VmRSS of one process in MiB; undefined once it is gone (or on a kernel without /proc). */
export function vmRssMiB(pid: number): number | undefined {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / KIB_PER_MIB : undefined;
  } catch {
    return undefined;
  }
}

/** The pid and every descendant, from the ppid field of /proc/<pid>/stat. */
export function processTree(root: number): number[] {
  const parentOf = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The command name may hold spaces and parentheses: the fields after the last ')' are fixed.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parentOf.set(Number(entry), Number(fields[1]));
    } catch {
      // gone meanwhile
    }
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++) for (const [pid, parent] of parentOf) if (parent === tree[i]) tree.push(pid);
  return tree;
}

export interface RssSample {
  /** Milliseconds since the sampler started. */
  readonly atMs: number;
  /** VmRSS of the process, MiB. */
  readonly rssMiB: number;
  /** Sum of VmRSS over the process and its descendants, MiB. */
  readonly treeMiB: number;
}

export interface RssSampler {
  samples(): RssSample[];
  /** The samples taken since `sinceMs` (milliseconds since the start). */
  since(sinceMs: number): RssSample[];
  stop(): RssSample[];
}

/** Samples `pid` every `intervalMs` (1 000) until stop() or until the process is gone. */
export function sampleRss(pid: number, intervalMs = 1_000): RssSampler {
  const started = Date.now();
  const taken: RssSample[] = [];
  const take = () => {
    const rss = vmRssMiB(pid);
    if (rss === undefined) return;
    const treeMiB = processTree(pid).reduce((sum, p) => sum + (vmRssMiB(p) ?? 0), 0);
    taken.push({ atMs: Date.now() - started, rssMiB: rss, treeMiB });
  };
  take();
  const timer = setInterval(take, intervalMs);
  return {
    samples: () => [...taken],
    since: (sinceMs) => taken.filter((s) => s.atMs >= sinceMs),
    stop: () => {
      clearInterval(timer);
      return [...taken];
    },
  };
}

/** The largest of `pick` over the samples, rounded to 0.1 MiB; null when there is none. */
export function peakMiB(samples: readonly RssSample[], pick: (s: RssSample) => number = (s) => s.rssMiB): number | null {
  if (samples.length === 0) return null;
  return Math.round(Math.max(...samples.map(pick)) * 10) / 10;
}
