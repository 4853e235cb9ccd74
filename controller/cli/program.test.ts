// The whole CLI (yargs program, commands, kubeconfig, Canary client) against
// the loopback fake apiserver, through a kubeconfig file as a person has one.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { collectionPath, fakeApiServer, type FakeApiServer } from '../adapters/kubernetes/fake-apiserver.js';
import { closeServer, listenOnLoopback } from '../adapters/kubernetes/loopback-kube-config.js';
import { FAILED, PROGRESSING, SUCCEEDED, storedCanary } from './fake-canary-views.js';
import { runProgram } from './program.js';

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
});

afterEach(async () => {
  await closeServer(fake.server);
  rmSync(dir, { recursive: true, force: true });
});

async function run(args: string[], options: { isTty?: boolean; programName?: string; signal?: AbortSignal } = {}) {
  let out = '';
  let err = '';
  const code = await runProgram(['--kubeconfig', kubeconfig, ...args], {
    programName: options.programName ?? 'songbird',
    signal: options.signal ?? new AbortController().signal,
    terminal: { isTty: options.isTty ?? false, columns: 200, write: (t) => void (out += t), error: (t) => void (err += t) },
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
    expect(out).toBe('promotion of revision 7c9f4d8b6 of shop/web requested (songbird.dev/promote)\n');
    expect(fake.get(collectionPath.canaries('shop'), 'web')?.metadata.annotations).toEqual({ 'songbird.dev/promote': '7c9f4d8b6' });
  });

  it('pauses and resumes, and retries a Failed rollout', async () => {
    await run(['pause', 'web']);
    expect(fake.get(collectionPath.canaries('shop'), 'web')?.metadata.annotations).toEqual({ 'songbird.dev/paused': 'true' });
    await run(['resume', 'web']);
    expect(fake.get(collectionPath.canaries('shop'), 'web')?.metadata.annotations).toEqual({});
    expect((await run(['retry', 'checkout', '-n', 'pay'])).code).toBe(0);
    expect(fake.get(collectionPath.canaries('pay'), 'checkout')?.metadata.annotations).toEqual({ 'songbird.dev/retry': '7c9f4d8b6' });
  });

  it('refuses to abort a Canary with no rollout and writes nothing', async () => {
    const { code, err } = await run(['abort', 'api.v1.10']);
    expect(code).toBe(1);
    expect(err).toContain('abort: Canary shop/api.v1.10 has no rollout in progress (phase Succeeded)');
    expect(fake.requests.filter((r) => r.method === 'PATCH')).toEqual([]);
  });

  it('watches until the rollout succeeds, a line per change when not on a terminal, and exits 0', async () => {
    let reads = 0;
    fake.beforeHandling = (request) => {
      if (request.method !== 'GET' || request.path !== canaryPath('shop', 'web')) return;
      reads += 1;
      const status = reads === 3 ? { ...PROGRESSING, stageIndex: 3, stageName: 'weight-50', canaryWeight: 50 } : reads >= 4 ? SUCCEEDED : PROGRESSING;
      fake.put(collectionPath.canaries('shop'), storedCanary('web', status));
    };
    const { code, out } = await run(['watch', 'web', '--interval', '0.05']);
    expect(code).toBe(0);
    const lines = out.trimEnd().split('\n');
    expect(lines.map((l) => l.split(' · ')[1])).toEqual(['Progressing', 'Progressing', 'Succeeded', undefined]);
    expect(lines[1]).toContain('stage weight-50 (4/4)');
    expect(lines[3]).toBe('Succeeded: promoted revision 7c9f4d8b6');
  });

  it('exits 1 when the watched rollout failed, and redraws in place on a terminal', async () => {
    let reads = 0;
    fake.beforeHandling = (request) => {
      if (request.method === 'GET' && request.path === canaryPath('shop', 'web') && ++reads >= 2) fake.put(collectionPath.canaries('shop'), storedCanary('web', FAILED));
    };
    const { code, out } = await run(['watch', 'web', '--interval', '0.05'], { isTty: true });
    expect(code).toBe(1);
    expect(out.startsWith('Canary shop/web\n')).toBe(true);
    const redraws = out.split(/\x1b\[(\d+)F\x1b\[J/);
    expect(redraws).toHaveLength(3);
    expect(Number(redraws[1])).toBe(redraws[0]!.trimEnd().split('\n').length);
    expect(redraws[2]).toContain('Phase:         Failed');
  });

  it('stops watching on Ctrl-C with exit code 130', async () => {
    const { code, out } = await run(['watch', 'web', '--interval', '0.05'], { signal: AbortSignal.timeout(300) });
    expect(code).toBe(130);
    expect(out.trimEnd().split('\n')).toHaveLength(1);
  });

  it.each(['get', 'status', 'watch', 'pause', 'resume', 'promote', 'abort', 'retry', 'validate', 'completion', 'dashboard'])(
    'prints help for %s under the name it was run as',
    async (command) => {
      const { code, out } = await run([command, '--help'], { programName: 'kubectl songbird' });
      expect(code).toBe(0);
      expect(out.startsWith(`kubectl songbird ${command}`)).toBe(true);
      expect(out).toContain('--namespace');
    },
  );

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
