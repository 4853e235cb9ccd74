// The CLI against what a cluster, a kubeconfig or a user can get wrong:
// repeated or empty options, names that are not names, a server that never
// answers, a login page instead of the apiserver, a 403, a malformed
// kubeconfig, escape sequences in a Canary's status. Servers listen on
// 127.0.0.1 and are stopped by the tests.
import http from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { collectionPath, fakeApiServer, type FakeApiServer } from '../adapters/kubernetes/fake-apiserver.js';
import { closeServer, listenOnLoopback } from '../adapters/kubernetes/loopback-kube-config.js';
import { PROGRESSING, storedCanary, storedDeployment } from './fake-canary-views.js';
import { runProgram } from './program.js';

let fake: FakeApiServer;
let other: http.Server | undefined;
let dir: string;
let kubeconfig: string;

const TOKEN = 'sekret-token-do-not-print';
const kubeconfigFor = (server: http.Server) =>
  JSON.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'fake', cluster: { server: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, 'insecure-skip-tls-verify': true } }],
    users: [{ name: 'fake', user: { token: TOKEN } }],
    contexts: [{ name: 'shop', context: { cluster: 'fake', user: 'fake', namespace: 'shop' } }],
    'current-context': 'shop',
  });

beforeEach(async () => {
  fake = fakeApiServer();
  await listenOnLoopback(fake.server);
  dir = mkdtempSync(path.join(tmpdir(), 'songbird-cli-hardening-'));
  kubeconfig = path.join(dir, 'config');
  writeFileSync(kubeconfig, kubeconfigFor(fake.server));
  fake.put(collectionPath.canaries('shop'), storedCanary('web', PROGRESSING));
});

afterEach(async () => {
  await closeServer(fake.server);
  if (other) await closeServer(other);
  other = undefined;
  rmSync(dir, { recursive: true, force: true });
});

/** Points the kubeconfig at a loopback server answering every request with `handle` (never answering when it does nothing). */
async function serveInstead(handle: (request: http.IncomingMessage, response: http.ServerResponse) => void): Promise<void> {
  other = http.createServer(handle);
  await listenOnLoopback(other);
  writeFileSync(kubeconfig, kubeconfigFor(other));
}

async function run(args: string[], options: { signal?: AbortSignal; kubeconfigFile?: string } = {}) {
  let out = '';
  let err = '';
  const code = await runProgram(['--kubeconfig', options.kubeconfigFile ?? kubeconfig, ...args], {
    programName: 'songbird',
    signal: options.signal ?? new AbortController().signal,
    terminal: { isTty: false, columns: 200, write: (t) => void (out += t), error: (t) => void (err += t) },
  });
  return { code, out, err };
}

describe('usage errors (exit 2, nothing sent)', () => {
  it.each([
    [['pause', 'web', '--kubeconfig', '/nonexistent'], '--kubeconfig given more than once'],
    [['pause', 'web', '--context', 'shop', '--context', 'prod'], '--context given more than once ("shop", "prod")'],
    [['pause', 'web', '-n', 'shop', '-n', 'pay'], '--namespace given more than once ("shop", "pay")'],
    [['get', '-o', 'json', '-o', 'yaml'], '--output given more than once ("json", "yaml")'],
    [['get', '-n'], '--namespace (-n) needs a value'],
    [['get', '-o'], '--output (-o) needs a value'],
    [['get', '-n', '--context', 'shop'], '--namespace (-n) needs a value'],
    [['watch', 'web', '--interval', 'abc'], '--interval: not a number'],
    [['watch', 'web', '--interval', '1', '--interval', '2'], '--interval given more than once'],
    [['get', '-n', '..'], '--namespace (-n) "..": not a namespace name'],
    [['get', '--request-timeout', 'soon'], '--request-timeout "soon": not a duration'],
  ])('refuses %j: %s', async (args, message) => {
    const { code, err } = await run(args);
    expect(code).toBe(2);
    expect(err).toContain(message);
    expect(fake.requests).toEqual([]);
  });

  it('refuses --interval 0, which would poll without pause', async () => {
    const { code, err } = await run(['watch', 'web', '--interval', '0']);
    expect([code, err]).toEqual([2, 'songbird: --interval 0: give the seconds between reads, above 0 (e.g. 1 or 0.5)\n']);
  });

  it.each(['.', '..', 'shop/..', 'Web'])('refuses NAME %j before any request', async (name) => {
    const { code, err } = await run(['status', name]);
    expect(code).toBe(2);
    expect(err).toContain('not a Kubernetes name');
    expect(fake.requests).toEqual([]);
  });
});

describe('requests that do not come back', () => {
  it('gives up on a server that never answers after --request-timeout, naming it, with exit code 1', async () => {
    await serveInstead(() => undefined);
    const started = Date.now();
    const { code, err } = await run(['get', '--request-timeout', '300ms']);
    expect(code).toBe(1);
    expect(err).toBe('songbird: Could not list Canaries in namespace shop: no answer within 300ms (--request-timeout)\n');
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('stops a hanging request on Ctrl-C/SIGTERM (the signal) without waiting for the timeout, with exit code 130', async () => {
    await serveInstead(() => undefined);
    const started = Date.now();
    const { code, err } = await run(['pause', 'web'], { signal: AbortSignal.timeout(200) });
    expect(code).toBe(130);
    expect(err).toBe('songbird: Could not read Canary shop/web: interrupted\n');
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('stops watching on Ctrl-C while a read of the Canary hangs, with exit code 130', async () => {
    let reads = 0;
    await serveInstead((request, response) => {
      const deployment = request.url?.includes('/deployments/web');
      if (!deployment && ++reads > 1) return; // the second read of the Canary never answers
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(deployment ? storedDeployment('web', 'web:2.0.0') : storedCanary('web', PROGRESSING)));
    });
    const { code, err } = await run(['watch', 'web', '--interval', '0.05'], { signal: AbortSignal.timeout(500) });
    expect([code, err]).toEqual([130, '']); // as Ctrl-C between reads: quiet
    expect(reads).toBe(2);
  });
});

describe('answers that are not what was asked', () => {
  const loginPage = (_: http.IncomingMessage, response: http.ServerResponse) => {
    response.writeHead(200, { 'content-type': 'text/html' });
    response.end('<html>login page</html>');
  };

  it('refuses a 200 text/html (an auth proxy login page) to pause instead of saying "paused"', async () => {
    await serveInstead(loginPage);
    const { code, out, err } = await run(['pause', 'web']);
    expect(code).toBe(1);
    expect(out).toBe('');
    expect(err).toMatch(/^songbird: Unexpected answer \(200\) to the request to read Canary shop\/web: GET \S+ answered 200 without a JSON body \(Content-Type text\/html/);
  });

  it('refuses a 200 JSON object that is not the Canary asked for, naming its kind', async () => {
    await serveInstead((_, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Success' }));
    });
    const { code, err } = await run(['status', 'web']);
    expect(code).toBe(1);
    expect(err).toContain('not the Canary shop/web: kind "Status" of apiVersion "v1"');
  });

  it('refuses a list whose items are not Canaries', async () => {
    await serveInstead((_, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ kind: 'CanaryList', apiVersion: 'songbird.dev/v1alpha1', items: [{ metadata: { name: 'a', namespace: 5 } }, null] }));
    });
    const { code, err } = await run(['get']);
    expect(code).toBe(1);
    expect(err).toContain('items[0] is not an object with metadata.name and metadata.namespace');
  });

  it("shows escape sequences in the apiserver's error message as visible escapes", async () => {
    await serveInstead((_, response) => {
      response.writeHead(500, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', code: 500, message: 'etcdserver: request timed out \u001b[2J' }));
    });
    const { code, err } = await run(['status', 'web']);
    expect(code).toBe(1);
    expect(err).toBe('songbird: The apiserver failed to read Canary shop/web (500): etcdserver: request timed out \\x1b[2J\n');
  });

  it("tells a 403 as the kubeconfig user's RBAC, with the verb, resource and namespace", async () => {
    await serveInstead((_, response) => {
      response.writeHead(403, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Forbidden', code: 403, message: 'canaries.songbird.dev "web" is forbidden' }));
    });
    const { code, err } = await run(['status', 'web']);
    expect(code).toBe(1);
    expect(err).toBe(
      `songbird: Not allowed to read Canary shop/web (403): your kubeconfig's user may not get canaries.songbird.dev in namespace shop: canaries.songbird.dev "web" is forbidden\n`,
    );
    expect(err).not.toContain('Songbird');
  });
});

describe('kubeconfig problems (exit 1, one line, no secret)', () => {
  const write = (text: string) => {
    const file = path.join(dir, 'broken');
    writeFileSync(file, text);
    return file;
  };

  it('tells a YAML error by file, line, column and reason, never quoting the file', async () => {
    const file = write(`apiVersion: v1\nusers:\n- name: me\n  user:\n    token: ${TOKEN}\n     client-key-data: c2VjcmV0\n`);
    const { code, err } = await run(['get'], { kubeconfigFile: file });
    expect(code).toBe(1);
    expect(err).toBe(`songbird: The kubeconfig ${file} is not valid YAML at line 6, column 21: bad indentation of a mapping entry\n`);
    expect(err).not.toContain(TOKEN);
  });

  it.each([
    ['an empty file', '', 'is not a kubeconfig: it is empty'],
    ['a passwd file', 'root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n', 'is not a kubeconfig: it is a string'],
    ['a list', '- a\n- b\n', 'is not a kubeconfig: it is a list'],
  ])('refuses %s', async (_what, text, message) => {
    const { code, err } = await run(['get'], { kubeconfigFile: write(text) });
    expect(code).toBe(1);
    expect(err).toContain(message);
    expect(err.split('\n')).toHaveLength(2);
  });

  it('says there is no current-context, listing the contexts', async () => {
    const config = JSON.parse(kubeconfigFor(fake.server)) as Record<string, unknown>;
    delete config['current-context'];
    const file = write(JSON.stringify(config));
    const { code, err } = await run(['get'], { kubeconfigFile: file });
    expect([code, err]).toEqual([1, `songbird: ${file} has no current-context: pass --context (contexts: shop)\n`]);
  });

  it('says the context names a cluster the file does not define', async () => {
    const config = JSON.parse(kubeconfigFor(fake.server)) as { clusters: unknown[] };
    config.clusters = [];
    const file = write(JSON.stringify(config));
    const { code, err } = await run(['status', 'web'], { kubeconfigFile: file });
    expect([code, err]).toEqual([1, `songbird: ${file}: context shop names cluster fake, which it does not define (clusters: none)\n`]);
  });

  it('says an unreadable file is unreadable', async () => {
    const { code, err } = await run(['get'], { kubeconfigFile: path.join(dir, 'absent') });
    expect([code, err]).toEqual([1, `songbird: Could not read the kubeconfig ${path.join(dir, 'absent')}: ENOENT\n`]);
  });
});

describe('status text from the cluster on a terminal', () => {
  const HOSTILE = 'p99 high \u001b[2J\u001b]0;pwned\u0007 \u009b31m \u202eevil\u2066';

  beforeEach(() => {
    fake.put(collectionPath.canaries('shop'), storedCanary('web', { ...PROGRESSING, reason: HOSTILE, stageName: 'w\u001b[1Ae' }));
  });

  it.each([['get'], ['status', 'web'], ['get', 'web']])('%j prints control and bidi characters as visible escapes', async (...args) => {
    const { code, out, err } = await run(args);
    expect([code, err]).toEqual([0, '']);
    expect(out).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    expect(out).toContain('w\\x1b[1Ae');
  });

  it('-o json keeps the status as stored', async () => {
    const { out } = await run(['status', 'web', '-o', 'json']);
    const object = JSON.parse(out) as { status: { reason: string; stageName: string } };
    expect([object.status.reason, object.status.stageName]).toEqual([HOSTILE, 'w\u001b[1Ae']);
  });
});
