// `songbird watch` in a real terminal: tmux runs the compiled CLI (dist/, as
// `npm install -g` installs it) in a pane while a rollout runs on the local
// world; capture-pane shows what a person sees. The status is redrawn in
// place (one report on the screen and in the scrollback, whatever the number
// of updates) and the command, started right after the new version is applied
// as a CI pipeline runs it, exits 0 when the rollout of that version Succeeded.
import { jest } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { scenarioPerTest } from '../scenario/scenario-per-test.js';
import { quickRollout } from '../scenario/rollout-spec.js';

jest.setTimeout(300_000);

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const CLI = path.join(REPO, 'dist', 'controller', 'cli', 'main.js');
const SAMPLES = path.join(REPO, '.cache', 'cli-samples');
const SESSION = `songbird-cli-watch-${process.pid}`;
const HEADER = 'Canary cli-watch/podinfo';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Throws naming `npm run build` when dist/ lacks the CLI or is older than one of its sources. */
function assertCliBuilt(): void {
  if (!existsSync(CLI)) throw new Error(`${path.relative(REPO, CLI)} is missing: run npm run build`);
  const sources = path.join(REPO, 'controller', 'cli');
  const walk = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
  for (const source of walk(sources).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !path.basename(f).startsWith('fake-'))) {
    const built = path.join(REPO, 'dist', path.relative(REPO, source)).replace(/\.ts$/, '.js');
    if (!existsSync(built) || statSync(built).mtimeMs < statSync(source).mtimeMs) throw new Error(`dist/ is older than ${path.relative(REPO, source)}: run npm run build`);
  }
}

const tmux = (...args: string[]): string => execFileSync('tmux', args, { encoding: 'utf8' });
/** The pane's visible screen and its whole scrollback, as text. */
const wholePane = (): string => tmux('capture-pane', '-p', '-J', '-S', '-', '-t', SESSION);
const occurrences = (text: string, what: string): number => text.split(what).length - 1;

describe('songbird watch in a terminal (tmux)', () => {
  const scenarios = scenarioPerTest();

  afterEach(() => {
    try {
      tmux('kill-session', '-t', SESSION);
    } catch {
      // already gone
    }
  });

  it('started right after a new version is applied, redraws one status report in place through its rollout and exits 0 when it Succeeded', async () => {
    assertCliBuilt();
    const s = await scenarios.start({ namespace: 'cli-watch', version: { tag: '1.0.0' }, canary: quickRollout(), internalRps: 10, customerRps: 30 });
    const kubeconfig = scenarios.world().kubeconfigPath;
    const cli = (...args: string[]) => execFileSync(process.execPath, [CLI, '--kubeconfig', kubeconfig, '-n', 'cli-watch', ...args], { encoding: 'utf8' });

    tmux('new-session', '-d', '-s', SESSION, '-x', '150', '-y', '60', 'env -i PATH="$PATH" TERM=xterm-256color PS1="$ " bash --norc --noprofile');
    // As a pipeline: apply, then watch (the Canary may still show the Initialized state of 1.0.0 at first).
    await s.ship({ tag: '2.0.0' });
    tmux('send-keys', '-t', SESSION, `node ${CLI} --kubeconfig ${kubeconfig} -n cli-watch watch podinfo --interval 0.5 --timeout 4m; echo "EXIT=$?"`, 'Enter');

    mkdirSync(SAMPLES, { recursive: true });
    const seen = new Set<string>();
    const stages = new Set<string>();
    let samples = false;
    for (const started = Date.now(); Date.now() - started < 180_000; await sleep(500)) {
      const pane = wholePane();
      if (/^EXIT=\d+$/m.test(pane)) break;
      const stage = pane.match(/Stage: +(\S+)/)?.[1];
      if (stage && stage !== '-') stages.add(stage);
      if (pane.includes(HEADER)) {
        // However many times it was redrawn, one report is on the screen and in the scrollback.
        expect(occurrences(pane, HEADER)).toBe(1);
        seen.add(pane.replace(/Updated \d\d:\d\d:\d\d UTC/, ''));
      }
      if (!samples && stage === 'weight-25') {
        writeFileSync(path.join(SAMPLES, 'get.txt'), cli('get'));
        writeFileSync(path.join(SAMPLES, 'status.txt'), cli('status', 'podinfo'));
        writeFileSync(path.join(SAMPLES, 'watch-during.txt'), tmux('capture-pane', '-p', '-t', SESSION));
        samples = true;
      }
    }

    const pane = wholePane();
    writeFileSync(path.join(SAMPLES, 'watch-end.txt'), tmux('capture-pane', '-p', '-t', SESSION));
    expect(pane).toMatch(/^EXIT=0$/m);
    expect(occurrences(pane, HEADER)).toBe(1);
    expect(pane).toMatch(/Phase: +Succeeded/);
    // The last frame is whole and in order (no line of an earlier frame left among its lines): its footer is
    // the last line before the shell's EXIT line, once, and the History section that appeared at the end is above it.
    const lines = pane.slice(pane.indexOf(HEADER)).split('\n').filter((line) => line.trim() !== '');
    const exitAt = lines.indexOf('EXIT=0');
    expect(lines[exitAt - 1]).toMatch(/^Updated \d\d:\d\d:\d\d UTC · exits when the rollout succeeds \(0\) or fails \(1\) · Ctrl-C stops$/);
    expect(lines.filter((line) => line.includes('exits when the rollout'))).toHaveLength(1);
    expect(lines.indexOf('History (newest first)')).toBeGreaterThan(0);
    expect(lines.indexOf('History (newest first)')).toBeLessThan(exitAt - 1);
    // The screen changed as the rollout went through its stages (internal, weight-25, weight-50).
    expect([...stages]).toEqual(expect.arrayContaining(['internal', 'weight-25', 'weight-50']));
    expect(seen.size).toBeGreaterThan(3);
    const status = await s.status();
    expect(status.phase).toBe('Succeeded');
    // It ended on the rollout of 2.0.0's revision, not on the Initialized state of 1.0.0.
    expect(pane).toMatch(new RegExp(`Watching: +revision ${String(status.lastPromotedRevision)} was promoted`));
  });
});
