// readSecretKey against an HTTP fake of the apiserver on loopback.
import http from 'node:http';
import { makeKubernetesClients, type KubernetesClients } from './kubernetes-clients.js';
import { closeServer, listenOnLoopback, loopbackKubeConfig } from './loopback-kube-config.js';
import { readSecretKey } from './secret-key.js';

const WEBHOOK = 'https://hooks.slack.example/services/T000/B000/very-secret';

const answers: Record<string, [number, unknown]> = {
  '/api/v1/namespaces/shop/secrets/slack': [200, { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'slack', namespace: 'shop' }, data: { url: Buffer.from(WEBHOOK).toString('base64') } }],
  '/api/v1/namespaces/shop/secrets/locked': [403, { kind: 'Status', code: 403, message: 'secrets "locked" is forbidden' }],
  '/api/v1/namespaces/shop/secrets/broken': [500, { kind: 'Status', code: 500, message: `etcd failed while reading ${WEBHOOK}` }],
};

describe('readSecretKey', () => {
  let server: http.Server;
  let clients: KubernetesClients;

  beforeAll(async () => {
    server = http.createServer((request, response) => {
      const [status, body] = answers[request.url ?? ''] ?? [404, { kind: 'Status', code: 404, message: 'not found' }];
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
    await listenOnLoopback(server);
    const kubeConfig = loopbackKubeConfig(server);
    clients = makeKubernetesClients(kubeConfig);
  });

  afterAll(() => closeServer(server));

  it('answers the decoded value of the key', async () => {
    expect(await readSecretKey(clients, 'shop', { name: 'slack', key: 'url' })).toEqual({ ok: true, value: WEBHOOK });
  });

  it('names the Secret and the key when the key is missing', async () => {
    const result = await readSecretKey(clients, 'shop', { name: 'slack', key: 'token' });
    expect(!result.ok && result.error).toMatchObject({ code: 'missingKey', message: 'Secret shop/slack has no key token' });
  });

  it('says the Secret does not exist when it does not', async () => {
    const result = await readSecretKey(clients, 'shop', { name: 'gone', key: 'url' });
    expect(!result.ok && result.error).toMatchObject({ code: 'notFound', message: 'Secret shop/gone does not exist' });
  });

  it('reports a refusal as forbidden', async () => {
    const result = await readSecretKey(clients, 'shop', { name: 'locked', key: 'url' });
    expect(!result.ok && result.error.code).toBe('forbidden');
  });

  it.each(['slack', 'locked', 'broken', 'gone'])('never lets the value into an error (Secret %s)', async (name) => {
    const result = await readSecretKey(clients, 'shop', { name, key: name === 'slack' ? 'missing' : 'url' });
    expect(result.ok).toBe(false);
    const error = !result.ok ? result.error : undefined;
    const seen = JSON.stringify({ ...error, cause: String(error?.cause), stack: (error?.cause as Error | undefined)?.stack });
    expect(seen).not.toContain('very-secret');
  });
});
