// The supervisor against real (tiny) processes: what stop() leaves behind.
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createSupervisor } from './supervisor.js';

const logDir = mkdtempSync(path.join(os.tmpdir(), 'songbird-supervisor-'));

function processesMentioning(marker: string): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((entry) => {
      try {
        return readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ').includes(marker);
      } catch {
        return false;
      }
    })
    .map(Number);
}

function bash(name: string, script: string) {
  return { name, command: 'bash', args: ['-c', script, name], logFile: path.join(logDir, `${name}.log`) };
}

describe('createSupervisor', () => {
  it('stops a process and what it forked when stopped', async () => {
    const supervisor = createSupervisor();
    const marker = `songbird-forker-${process.pid}`;
    const sleeps = `sleep ${3000 + (process.pid % 997)}`;
    supervisor.start(bash(marker, `${sleeps} & ${sleeps} & wait # ${marker}`));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(processesMentioning(sleeps)).toHaveLength(3); // bash (its script mentions it) and two sleeps
    await supervisor.stopAll();
    expect(processesMentioning(sleeps)).toEqual([]);
    expect(supervisor.running()).toEqual([]);
  });

  it('kills a process that ignores SIGTERM when the grace period ends', async () => {
    const supervisor = createSupervisor();
    const marker = `songbird-stubborn-${process.pid}`;
    const child = supervisor.start(bash(marker, `trap '' TERM; while true; do sleep 0.1; done # ${marker}`));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const startedAt = Date.now();
    await child.stop(300);
    expect(Date.now() - startedAt).toBeLessThan(5_000);
    expect(await child.exited).toBe('SIGKILL');
    expect(processesMentioning(marker)).toEqual([]);
  });

  it('reports the exit status when a process ends on its own', async () => {
    const supervisor = createSupervisor();
    const child = supervisor.start(bash('songbird-short', 'exit 3'));
    expect(await child.exited).toBe('3');
    expect(child.isRunning()).toBe(false);
    await supervisor.stopAll();
  });
});
