// scaleDeployment against a loopback fake of one Deployment's scale subresource,
// whose resourceVersion moves as the Deployment controller's status writes move it.
import http from 'node:http';
import { makeKubernetesClients, type KubernetesClients } from './kubernetes-clients.js';
import { closeServer, listenOnLoopback, loopbackKubeConfig } from './loopback-kube-config.js';
import { scaleDeployment } from './scale-deployment.js';

interface ScaleFake {
  replicas: number;
  resourceVersion: number;
  /** Runs after each read of the scale: e.g. a status write or someone rescaling. */
  afterRead?: (read: number) => void;
  reads: number;
  patches: Array<{ resourceVersion?: string; replicas: number }>;
}

function scaleServer(fake: ScaleFake): http.Server {
  return http.createServer((request, response) => {
    const send = (code: number, body: unknown) => {
      response.writeHead(code, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    const scale = () => ({ kind: 'Scale', apiVersion: 'autoscaling/v1', metadata: { name: 'web', namespace: 'shop', resourceVersion: String(fake.resourceVersion) }, spec: { replicas: fake.replicas } });
    if (request.method === 'GET') {
      fake.reads += 1;
      const answer = scale();
      fake.afterRead?.(fake.reads);
      return send(200, answer);
    }
    let raw = '';
    request.on('data', (chunk) => (raw += chunk));
    request.on('end', () => {
      const body = JSON.parse(raw) as { metadata?: { resourceVersion?: string }; spec: { replicas: number } };
      fake.patches.push({ resourceVersion: body.metadata?.resourceVersion, replicas: body.spec.replicas });
      if (body.metadata?.resourceVersion && body.metadata.resourceVersion !== String(fake.resourceVersion)) {
        return send(409, { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Conflict', code: 409, message: 'the object has been modified; please apply your changes to the latest version and try again' });
      }
      fake.replicas = body.spec.replicas;
      fake.resourceVersion += 1;
      send(200, scale());
    });
  });
}

describe('scaleDeployment', () => {
  let fake: ScaleFake;
  let server: http.Server;
  let clients: KubernetesClients;
  beforeEach(async () => {
    fake = { replicas: 0, resourceVersion: 1, reads: 0, patches: [] };
    server = scaleServer(fake);
    await listenOnLoopback(server);
    clients = makeKubernetesClients(loopbackKubeConfig(server));
  });
  afterEach(() => closeServer(server));

  it('writes the replicas with the resourceVersion it read', async () => {
    expect(await scaleDeployment(clients, 'shop', 'web', 2, 0)).toEqual({ ok: true, value: 'scaled' });
    expect(fake.patches).toEqual([{ resourceVersion: '1', replicas: 2 }]);
  });

  it('reads and decides again after a 409 caused by a status write, and scales', async () => {
    fake.afterRead = (read) => {
      if (read === 1) fake.resourceVersion += 1; // the Deployment controller wrote status meanwhile
    };
    expect(await scaleDeployment(clients, 'shop', 'web', 2, 0)).toEqual({ ok: true, value: 'scaled' });
    expect(fake.patches.map((p) => p.resourceVersion)).toEqual(['1', '2']);
    expect(fake.replicas).toBe(2);
  });

  it('leaves replicas someone set between its read and its write alone (changedElsewhere), never overwriting them', async () => {
    fake.replicas = 2;
    fake.afterRead = (read) => {
      if (read === 1) {
        fake.replicas = 4; // Git scaled the target meanwhile
        fake.resourceVersion += 1;
      }
    };
    expect(await scaleDeployment(clients, 'shop', 'web', 0, 2)).toEqual({ ok: true, value: 'changedElsewhere' });
    expect(fake.replicas).toBe(4);
    expect(fake.patches).toHaveLength(1); // refused with 409, then the second read saw Git's 4
  });

  it('answers conflict after 3 attempts that all lost the race', async () => {
    fake.afterRead = () => {
      fake.resourceVersion += 1;
    };
    const scaled = await scaleDeployment(clients, 'shop', 'web', 2, 0);
    expect(!scaled.ok && scaled.error.code).toBe('conflict');
    expect(fake.patches).toHaveLength(3);
  });
});
