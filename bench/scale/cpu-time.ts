// CPU time a process has used, as the kernel counts it: utime + stime
// (fields 14 and 15 of /proc/<pid>/stat, in clock ticks; proc(5)).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** sysconf(_SC_CLK_TCK) from getconf; 100 (Linux's USER_HZ) when getconf is missing. */
function readClockTicks(): number {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
}

const CLOCK_TICKS = readClockTicks();

/** Seconds of CPU (user + system) `pid` has used; undefined once it is gone. */
export function cpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces and parentheses: fields after the last ')' start at field 3 (state).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}

/** Starts a CPU window on `pid`; end() gives the percent of one core used since (null when the process is gone). */
export function cpuWindow(pid: number): { end(): { cpuSeconds: number; percent: number } | null } {
  const startedAt = Date.now();
  const startCpu = cpuSeconds(pid);
  return {
    end() {
      const nowCpu = cpuSeconds(pid);
      if (startCpu === undefined || nowCpu === undefined) return null;
      const wall = (Date.now() - startedAt) / 1000;
      return { cpuSeconds: nowCpu - startCpu, percent: wall > 0 ? ((nowCpu - startCpu) / wall) * 100 : 0 };
    },
  };
}
