// Requests made through the shared-connections clients reuse one TLS
// connection; client-node's own makeApiClient opens one per request (the
// control that shows the count can fail).
import https from 'node:https';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { writeServingCertificate } from '../../../e2e/world/serving-certificate.js';
import { makeSendJson } from './json-request.js';
import { makeSharedApiClient } from './shared-connections.js';

const NAMESPACE = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } };

describe('shared connections to the apiserver', () => {
  let dir: string;
  let server: https.Server;
  let handshakes = 0;
  let kubeConfig: KubeConfig;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'shared-connections-'));
    const certificate = await writeServingCertificate(dir, 'apiserver');
    server = https.createServer({ cert: await readFile(certificate.certFile), key: await readFile(certificate.keyFile) }, (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(NAMESPACE));
    });
    server.on('secureConnection', () => (handshakes += 1));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    kubeConfig = new KubeConfig();
    kubeConfig.loadFromOptions({
      clusters: [{ name: 'loopback', server: `https://127.0.0.1:${port}`, caData: Buffer.from(certificate.caPem).toString('base64') }],
      users: [{ name: 'songbird', token: 'not-a-secret' }],
      contexts: [{ name: 'loopback', cluster: 'loopback', user: 'songbird' }],
      currentContext: 'loopback',
    });
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await rm(dir, { recursive: true, force: true });
  });

  beforeEach(() => (handshakes = 0));

  it('sends 20 raw JSON requests and 20 typed ones over one TLS connection', async () => {
    const send = makeSendJson(kubeConfig);
    const core = makeSharedApiClient(kubeConfig, CoreV1Api);
    for (let i = 0; i < 20; i++) {
      expect(await send({ method: 'GET', path: '/api/v1/namespaces/shop' })).toMatchObject({ kind: 'Namespace' });
      expect((await core.readNamespace({ name: 'shop' })).metadata?.name).toBe('shop');
    }
    expect(handshakes).toBe(1);
  });

  it("(control) client-node's own makeApiClient opens a connection per request", async () => {
    const core = kubeConfig.makeApiClient(CoreV1Api);
    for (let i = 0; i < 5; i++) await core.readNamespace({ name: 'shop' });
    expect(handshakes).toBe(5);
  });
});
