// The whole CLI (yargs program, commands, kubeconfig, Canary client) against
// the loopback fake apiserver, through a kubeconfig file as a person has one.
import { execFileSync } from 'node:child_process';
import http from 'node:http';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { collectionPath, fakeApiServer, type FakeApiServer } from '../adapters/kubernetes/fake-apiserver.js';
import { closeServer, listenOnLoopback } from '../adapters/kubernetes/loopback-kube-config.js';
import type { DeploymentJson } from '../adapters/kubernetes/deployment-json-api.js';
import { observeDeployment } from '../adapters/kubernetes/workload-observation.js';
import type { CanaryStatus } from '../schema/canary-status.js';
import { FAILED, PROGRESSING, SUCCEEDED, storedCanary, storedDeployment } from './fake-canary-views.js';
import { screenAfter } from './fake-terminal-screen.js';
import { runProgram } from './program.js';

/** The target's revision as the controller computes it (workload-observation.ts over the raw JSON). */
const revisionOf = (deployment: Record<string, unknown>): string => observeDeployment(deployment as DeploymentJson, 'template').revision!;
// A pod spec field client-node has no model for: only a revision of the raw JSON counts it, as the controller's does.
const WEB_V2 = storedDeployment('web', 'web:2.0.0', { schedulingGroup: { name: 'batch' } });
const WEB_V3 = storedDeployment('web', 'web:3.0.0', { schedulingGroup: { name: 'batch' } });
const V2 = revisionOf(WEB_V2);
const V3 = revisionOf(WEB_V3);
/** The previous rollout (7c9f4d8b6) Succeeded: what the Canary shows right after `kubectl apply` of v2. */
const PREVIOUS_SUCCEEDED = SUCCEEDED;
const rollingOut = (revision: string, more: Partial<CanaryStatus> = {}): CanaryStatus => ({ ...PROGRESSING, canaryRevision: revision, ...more });
const promoted = (revision: string): CanaryStatus => ({ ...SUCCEEDED, canaryRevision: revision, lastPromotedRevision: revision, reason: `promoted revision ${revision}` });
const failedFor = (revision: string): CanaryStatus => ({ ...FAILED, canaryRevision: revision, failedRevision: revision });

const LONG_NAME = `${'a'.repeat(61)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}`;

let fake: FakeApiServer;
let dir: string;
let kubeconfig: string;

beforeEach(async () => {
  fake = fakeApiServer();
  await listenOnLoopback(fake.server);
  dir = mkdtempSync(path.join(tmpdir(), 'songbird-cli-'));
  kubeconfig = path.join(dir, 'config');
  const server = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}`;
  writeFileSync(
    kubeconfig,
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'fake', cluster: { server, 'insecure-skip-tls-verify': true } }],
      users: [{ name: 'fake', user: { token: 'fake-token' } }],
      contexts: [
        { name: 'shop', context: { cluster: 'fake', user: 'fake', namespace: 'shop' } },
        { name: 'pay', context: { cluster: 'fake', user: 'fake', namespace: 'pay' } },
      ],
      'current-context': 'shop',
    }),
  );
  fake.put(collectionPath.canaries('shop'), storedCanary('web', PROGRESSING));
  fake.put(collectionPath.canaries('shop'), storedCanary('api.v1.10', SUCCEEDED));
  fake.put(collectionPath.canaries('shop'), storedCanary(LONG_NAME, FAILED));
  fake.put(collectionPath.canaries('pay'), storedCanary('checkout', FAILED, { namespace: 'pay' }));
  fake.put(collectionPath.deployments('shop'), WEB_V2);
});

afterEach(async () => {
  await closeServer(fake.server);
  rmSync(dir, { recursive: true, force: true });
});

async function run(args: string[], options: { isTty?: boolean; programName?: string; signal?: AbortSignal; rows?: number } = {}) {
  let out = '';
  let err = '';
  const code = await runProgram(['--kubeconfig', kubeconfig, ...args], {
    programName: options.programName ?? 'songbird',
    signal: options.signal ?? new AbortController().signal,
    terminal: { isTty: options.isTty ?? false, columns: 200, ...(options.rows !== undefined ? { rows: options.rows } : {}), write: (t) => void (out += t), error: (t) => void (err += t) },
  });
  return { code, out, err };
}

const canaryPath = (ns: string, name: string) => `${collectionPath.canaries(ns)}/${name}`;

describe('songbird CLI', () => {
  it("lists the Canaries of the kubeconfig context's namespace", async () => {
    const { code, out } = await run(['get']);
    expect(code).toBe(0);
    expect(out.split('\n')[0]).toMatch(/^NAME +PHASE +STAGE/);
    expect(out).toMatch(/\napi\.v1\.10 +Succeeded/);
    expect(out).toMatch(/\nweb +Progressing +weight-25 \(3\/4\) +75\/25/);
    expect(out).not.toContain('checkout');
  });

  it('lists another namespace with -n and another context with --context', async () => {
    expect((await run(['get', '-n', 'pay'])).out).toMatch(/\ncheckout +Failed/);
    expect((await run(['get', '--context', 'pay'])).out).toMatch(/\ncheckout +Failed/);
  });

  it('refuses an unknown --context naming the contexts there are', async () => {
    const { code, err } = await run(['get', '--context', 'prod']);
    expect(code).toBe(1);
    expect(err).toBe('songbird: --context prod: no such context in the kubeconfig (contexts: shop, pay)\n');
  });

  it('reads a Canary whose name has dots and looks like a number, as a string', async () => {
    const { code, out } = await run(['status', 'api.v1.10']);
    expect(code).toBe(0);
    expect(out.split('\n')[0]).toBe('Canary shop/api.v1.10');
    expect(fake.requests.map((r) => r.path)).toContain(canaryPath('shop', 'api.v1.10'));
  });

  it('reads a Canary of a 253-character name and namespace/name', async () => {
    expect((await run(['status', LONG_NAME])).out.split('\n')[0]).toBe(`Canary shop/${LONG_NAME}`);
    expect((await run(['status', 'pay/checkout'])).out.split('\n')[0]).toBe('Canary pay/checkout');
  });

  it('says a missing Canary was not found, with exit code 1', async () => {
    const { code, err } = await run(['status', 'nope']);
    expect(code).toBe(1);
    expect(err).toMatch(/^songbird: Could not read Canary shop\/nope: not found \(404\)/);
  });

  it('prints the stored object with -o json and -o yaml', async () => {
    const json = JSON.parse((await run(['get', 'web', '-o', 'json'])).out) as { metadata: { name: string }; status: { phase: string } };
    expect([json.metadata.name, json.status.phase]).toEqual(['web', 'Progressing']);
    expect((await run(['status', 'web', '-o', 'yaml'])).out).toMatch(/^apiVersion: songbird\.dev\/v1alpha1\nkind: Canary\n/);
    const list = JSON.parse((await run(['get', '-o', 'json'])).out) as { kind: string; items: unknown[] };
    expect([list.kind, list.items.length]).toEqual(['List', 3]);
  });

  it('promotes the revision under test by annotating the Canary', async () => {
    const { code, out } = await run(['promote', 'web']);
    expect(code).toBe(0);
    expect(out).toBe('promotion of revision 7c9f4d8b6 of shop/web requested (songbird.dev/promote=7c9f4d8b6#4)\n');
    expect(fake.get(collectionPath.canaries('shop'), 'web')?.metadata.annotations).toEqual({ 'songbird.dev/promote': '7c9f4d8b6#4' });
  });

  it('pauses and resumes, and retries a Failed rollout', async () => {
    await run(['pause', 'web']);
    expect(fake.get(collectionPath.canaries('shop'), 'web')?.metadata.annotations).toEqual({ 'songbird.dev/paused': 'true' });
    await run(['resume', 'web']);
    expect(fake.get(collectionPath.canaries('shop'), 'web')?.metadata.annotations).toEqual({});
    expect((await run(['retry', 'checkout', '-n', 'pay'])).code).toBe(0);
    expect(fake.get(collectionPath.canaries('pay'), 'checkout')?.metadata.annotations).toEqual({ 'songbird.dev/retry': '7c9f4d8b6#4' });
  });

  it('refuses to abort a Canary with no rollout and writes nothing', async () => {
    const { code, err } = await run(['abort', 'api.v1.10']);
    expect(code).toBe(1);
    expect(err).toContain('abort: Canary shop/api.v1.10 has no rollout in progress (phase Succeeded)');
    expect(fake.requests.filter((r) => r.method === 'PATCH')).toEqual([]);
  });

  /** Serves the Canary `web` as `statuses[n]` on its n-th read (the last one from then on); `also` runs on each read. */
  const canaryReads = (statuses: CanaryStatus[], also: (read: number) => void = () => undefined) => {
    let reads = 0;
    fake.beforeHandling = (request) => {
      if (request.method !== 'GET' || request.path !== canaryPath('shop', 'web')) return;
      reads += 1;
      also(reads);
      fake.put(collectionPath.canaries('shop'), storedCanary('web', statuses[Math.min(reads, statuses.length) - 1]!));
    };
  };

  it("waits past the previous rollout's Succeeded until the target's revision is promoted, a line per change in a log, and exits 0", async () => {
    canaryReads([PREVIOUS_SUCCEEDED, rollingOut(V2), rollingOut(V2, { stageIndex: 3, stageName: 'weight-50', canaryWeight: 50 }), promoted(V2)]);
    const { code, out } = await run(['watch', 'web', '--interval', '0.05']);
    expect(code).toBe(0);
    const lines = out.trimEnd().split('\n').map((line) => line.replace(/^\d{4}-\d\d-\d\dT[\d:.]+Z /, ''));
    expect(lines.map((l) => l.split(' · ').slice(0, 2).join(' · '))).toEqual([
      'shop/web · Succeeded',
      `waiting for the rollout of revision ${V2} to start (the Canary is Succeeded)`,
      'shop/web · Progressing',
      `the rollout of revision ${V2} is Progressing`,
      'shop/web · Progressing',
      'shop/web · Succeeded',
      `Succeeded: revision ${V2} was promoted`,
    ]);
    expect(lines[4]).toContain('stage weight-50 (4/4)');
  });

  it('exits 1 when the rollout of the target revision failed, redrawing one report in place on a terminal', async () => {
    canaryReads([rollingOut(V2), rollingOut(V2, { stageIndex: 3, stageName: 'weight-50', canaryWeight: 50 }), failedFor(V2)]);
    const { code, out } = await run(['watch', 'web', '--interval', '0.05'], { isTty: true });
    expect(code).toBe(1);
    expect(out.startsWith('\x1b[?2026hCanary shop/web\n')).toBe(true);
    expect(out.replace(/\x1b\[\?2026h[^]*?\x1b\[\?2026l/g, '')).toBe(''); // every write is one synchronized update
    const screen = screenAfter(out);
    expect(screen.filter((line) => line.startsWith('Canary shop/web'))).toHaveLength(1);
    expect(screen[0]).toBe('Canary shop/web');
    expect(screen[1]).toBe(`  Watching:      the rollout of revision ${V2} failed: ${FAILED.reason}`);
    expect(screen[2]).toMatch(/^ {2}Phase: +Failed/);
    expect(screen.at(-1)).toMatch(/^Updated \d\d:\d\d:\d\d UTC · exits when the rollout succeeds \(0\) or fails \(1\)/);
    expect(screen.join('\n')).not.toContain('▶'); // the earlier frames' current stage is gone
  });

  it('keeps a frame taller than the terminal within it, the first lines kept and the rest counted', async () => {
    canaryReads([rollingOut(V2), failedFor(V2)]);
    const { out } = await run(['watch', 'web', '--interval', '0.05'], { isTty: true, rows: 8 });
    const screen = screenAfter(out);
    expect(screen).toHaveLength(7);
    expect(screen.slice(0, 3).map((l) => l.split(':')[0])).toEqual(['Canary shop/web', '  Watching', '  Phase']);
    expect(screen[6]).toMatch(/^… \d+ more lines \(make the terminal taller, or use status\)$/);
  });

  it('cuts nothing on a terminal that says it has 0 rows (e.g. under script -qfc)', async () => {
    canaryReads([rollingOut(V2), failedFor(V2)]);
    const { code, out } = await run(['watch', 'web', '--interval', '0.05'], { isTty: true, rows: 0 });
    expect(code).toBe(1);
    const screen = screenAfter(out);
    expect(screen.join('\n')).not.toContain('more lines');
    expect(screen[0]).toBe('Canary shop/web');
    expect(screen.at(-1)).toMatch(/^Updated /);
  });

  it('follows the target Deployment when it changes again while watching', async () => {
    canaryReads([rollingOut(V2), promoted(V2), rollingOut(V3), promoted(V3)], (read) => {
      if (read === 2) fake.put(collectionPath.deployments('shop'), WEB_V3);
    });
    const { code, out } = await run(['watch', 'web', '--interval', '0.05']);
    expect(code).toBe(0);
    expect(out).toContain(`the rollout of revision ${V2} is Progressing`);
    expect(out).toContain(`waiting for the rollout of revision ${V3} to start (the Canary is Succeeded)`);
    expect(out.trimEnd().split('\n').at(-1)).toBe(`Succeeded: revision ${V3} was promoted`);
  });

  it('says the target Deployment is missing, naming it and spec.targetRef, with exit code 1', async () => {
    fake.objects.delete(`${collectionPath.deployments('shop')}/web`);
    const { code, err } = await run(['watch', 'web', '--interval', '0.05']);
    expect(code).toBe(1);
    expect(err).toBe("songbird: Deployment shop/web (the Canary's spec.targetRef) was not found: create it, or fix spec.targetRef.name\n");
  });

  it('gives up after --timeout with exit code 1, saying what it was waiting for', async () => {
    canaryReads([PREVIOUS_SUCCEEDED]);
    const started = Date.now();
    const { code, err } = await run(['watch', 'web', '--interval', '0.05', '--timeout', '300ms']);
    expect(code).toBe(1);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(err).toBe(`songbird: timed out after 300ms (--timeout) watching Canary shop/web: waiting for the rollout of revision ${V2} to start (the Canary is Succeeded)\n`);
  });

  it('refuses a --timeout that is not a duration with exit code 2', async () => {
    const { code, err } = await run(['watch', 'web', '--timeout', '30']);
    expect(code).toBe(2);
    expect(err).toBe('songbird: --timeout 30: not a duration such as 30s, 10m or 1h30m\n');
  });

  it('stops watching on Ctrl-C with exit code 130', async () => {
    const { code, out } = await run(['watch', 'web', '--interval', '0.05'], { signal: AbortSignal.timeout(300) });
    expect(code).toBe(130);
    expect(out.trimEnd().split('\n')).toHaveLength(2);
  });

  it('exits 1 on a busy --port having started no Canary watch, so nothing keeps the process alive', async () => {
    const busy = http.createServer();
    await listenOnLoopback(busy);
    const port = (busy.address() as AddressInfo).port;
    try {
      const { code, err } = await run(['dashboard', '--port', String(port)], { signal: AbortSignal.timeout(5_000) });
      expect(code).toBe(1);
      expect(err).toContain(`cannot listen on 127.0.0.1:${port}: EADDRINUSE (try another --port)`);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(fake.requests.filter((r) => r.path.includes('/canaries'))).toEqual([]);
    } finally {
      await closeServer(busy);
    }
  });

  it.each(['get', 'status', 'watch', 'pause', 'resume', 'promote', 'abort', 'retry', 'validate', 'dashboard'])(
    'prints help for %s under the name it was run as',
    async (command) => {
      const { code, out } = await run([command, '--help'], { programName: 'kubectl songbird' });
      expect(code).toBe(0);
      expect(out.startsWith(`kubectl songbird ${command}`)).toBe(true);
      expect(out).toContain('--namespace');
    },
  );

  it('offers -A only in the help of get and dashboard, and no cluster options in the help of validate and completion', async () => {
    const help = async (command: string) => (await run([command, '--help'])).out;
    expect(await help('get')).toMatch(/-A, --all-namespaces +every namespace \(get and dashboard only\)/);
    const validate = await help('validate');
    expect(['--namespace', '--output', '--context', '--kubeconfig', '--all-namespaces'].map((o) => validate.includes(o))).toEqual([true, true, false, false, false]);
    const completion = await help('completion');
    expect(completion.startsWith('songbird completion')).toBe(true);
    expect(['--namespace', '--output', '--context', '--kubeconfig', '--all-namespaces'].some((o) => completion.includes(o))).toBe(false);
  });

  it.each([['status', 'web'], ['watch', 'web'], ['promote', 'web'], ['validate', '-f', 'x.yaml']])('refuses -A for %s, which reads one namespace, with exit code 2', async (...command) => {
    const { code, out, err } = await run([...command, '-A']);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toBe(`songbird ${command[0]}: -A/--all-namespaces applies only to get and dashboard; name the namespace with -n NAMESPACE\n`);
    expect(fake.requests).toEqual([]);
  });

  it("prints the version of the package.json with --version and exit code 0", async () => {
    const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(await run(['--version'])).toEqual({ code: 0, out: `${manifest.version}\n`, err: '' });
  });

  it('leaves metadata.managedFields out of -o json and -o yaml', async () => {
    fake.put(collectionPath.canaries('shop'), { ...storedCanary('managed', SUCCEEDED), metadata: { name: 'managed', namespace: 'shop', managedFields: [{ manager: 'kubectl', operation: 'Apply' }] } });
    expect((await run(['get', 'managed', '-o', 'json'])).out).not.toContain('managedFields');
    expect((await run(['status', 'managed', '-o', 'yaml'])).out).not.toContain('managedFields');
  });

  it('answers a usage error with exit code 2 and the usage on stderr', async () => {
    const { code, err } = await run(['stauts', 'web']);
    expect(code).toBe(2);
    expect(err).toContain('Did you mean status?');
  });

  it('completes Canary names from the cluster after a command that takes one', async () => {
    // The shell passes every word typed, options included.
    const { out } = await run(['--get-yargs-completions', 'songbird', '--kubeconfig', kubeconfig, 'status', 'api']);
    expect(out.trim().split('\n')).toEqual(['api.v1.10']);
  });

  it.each(['bash', 'zsh'])('prints a %s completion script that the shell parses', async (shell) => {
    const { code, out } = await run(['completion', shell]);
    expect(code).toBe(0);
    expect(out).toContain('--get-yargs-completions');
    const file = path.join(dir, `completion.${shell}`);
    writeFileSync(file, out);
    // zsh may not be installed; bash -n checks the bash one, and the zsh one is plain POSIX-ish shell syntax too.
    expect(() => execFileSync('bash', ['-n', ...(shell === 'zsh' ? ['-O', 'extglob'] : []), file])).not.toThrow();
  });
});
