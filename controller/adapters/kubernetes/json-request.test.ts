// makeSendJson against a loopback HTTP fake: bodies travel as the JSON given
// and as the JSON answered, and failures map like the typed clients' do.
import http from 'node:http';
import { errorFromException } from './kubernetes-errors.js';
import { makeSendJson } from './json-request.js';
import { closeServer, listenOnLoopback, loopbackKubeConfig } from './loopback-kube-config.js';
import { attempt, readOptional } from './read-optional.js';

const deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'shop', creationTimestamp: '2026-11-26T06:00:00Z' },
  spec: { selector: { matchLabels: { app: 'web' } }, template: { spec: { schedulingGroup: { podGroupName: 'g' }, containers: [{ name: 'app', image: 'web:1' }] } } },
};

/** Answers every request with `status` and `body` (text as given); records what it received. */
function fakeServer(status: number, body: string) {
  const received: Array<{ method?: string; url?: string; headers: http.IncomingHttpHeaders; body: string }> = [];
  const server = http.createServer((request, response) => {
    let text = '';
    request.on('data', (chunk) => (text += chunk));
    request.on('end', () => {
      received.push({ method: request.method, url: request.url, headers: request.headers, body: text });
      response.writeHead(status, { 'content-type': 'application/json' }).end(body);
    });
  });
  return { server, received };
}

const status = (code: number, reason: string, message: string) => JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', message, reason, code });

describe('makeSendJson', () => {
  let server: http.Server | undefined;
  afterEach(async () => {
    if (server) await closeServer(server);
    server = undefined;
  });

  const start = async (code: number, body: string) => {
    const fake = fakeServer(code, body);
    server = fake.server;
    await listenOnLoopback(server);
    return { send: makeSendJson(loopbackKubeConfig(server)), received: fake.received };
  };

  it('returns the answer with every field and dates as text when the apiserver sends fields client-node has no model for', async () => {
    const { send } = await start(200, JSON.stringify(deployment));
    expect(await send({ method: 'GET', path: '/apis/apps/v1/namespaces/shop/deployments/web' })).toEqual(deployment);
  });

  it('sends the body as the JSON given, with the KubeConfig credentials, when it writes', async () => {
    const { send, received } = await start(201, JSON.stringify(deployment));
    await send({ method: 'POST', path: '/apis/apps/v1/namespaces/shop/deployments', body: deployment });
    expect(received[0]).toMatchObject({ method: 'POST', url: '/apis/apps/v1/namespaces/shop/deployments' });
    expect(received[0]?.headers).toMatchObject({ authorization: 'Bearer fake-token', 'content-type': 'application/json', accept: 'application/json' });
    expect(JSON.parse(received[0]!.body)).toEqual(deployment);
  });

  it('sends the given content type when it patches', async () => {
    const { send, received } = await start(200, JSON.stringify(deployment));
    await send({ method: 'PATCH', path: '/apis/apps/v1/namespaces/shop/deployments/web', body: { spec: { replicas: 1 } }, contentType: 'application/merge-patch+json' });
    expect(received[0]?.headers['content-type']).toBe('application/merge-patch+json');
  });

  it('reads a 404 as absent when the object does not exist', async () => {
    const { send } = await start(404, status(404, 'NotFound', 'deployments.apps "web" not found'));
    expect(await readOptional('read Deployment shop/web', () => send({ method: 'GET', path: '/apis/apps/v1/namespaces/shop/deployments/web' }))).toEqual({ ok: true, value: undefined });
  });

  it.each([
    [409, 'Conflict', 'the object has been modified', 'conflict', true],
    [409, 'AlreadyExists', 'deployments.apps "web" already exists', 'alreadyExists', true],
    [422, 'Invalid', 'spec.template.spec.schedulingGroup.podGroupName: Invalid value', 'invalid', false],
    [403, 'Forbidden', 'cannot update deployments', 'forbidden', false],
    [500, 'InternalError', 'etcd is down', 'server', true],
  ])('maps %i %s to %s with the apiserver message, as for the typed clients', async (code, reason, message, expected, retryable) => {
    const { send } = await start(code, status(code, reason, message));
    const result = await attempt('update Deployment shop/web', () => send({ method: 'PUT', path: '/apis/apps/v1/namespaces/shop/deployments/web', body: deployment }));
    expect(!result.ok && result.error).toMatchObject({ code: expected, retryable, status: code });
    expect(!result.ok && result.error.message).toContain(message);
  });

  it('reports a 2xx answer that is not JSON as an unexpected answer, not a network failure', async () => {
    const { send } = await start(200, '<html>proxy</html>');
    const error = await send({ method: 'GET', path: '/apis/apps/v1/deployments' }).then(
      () => undefined,
      (cause: unknown) => errorFromException('list Deployments', cause),
    );
    expect(error).toMatchObject({ code: 'badResponse', retryable: false, status: 200 });
    expect(error?.message).toContain('list Deployments: GET /apis/apps/v1/deployments answered 200 without a JSON body');
    expect(error?.message).toContain("check that the kubeconfig's server http://127.0.0.1:");
  });

  it.each([
    ['null', 'null'],
    ['"str"', 'a string'],
    ['[]', 'an array'],
    ['42', 'a number'],
    ['true', 'a boolean'],
  ])('refuses a 2xx body of %s as badResponse, never as an absent or empty object, when it is not a JSON object', async (body, named) => {
    const { send } = await start(200, body);
    const result = await readOptional('read Deployment shop/web', () => send({ method: 'GET', path: '/apis/apps/v1/namespaces/shop/deployments/web' }));
    expect(!result.ok && result.error).toMatchObject({ code: 'badResponse', retryable: false, status: 200 });
    expect(!result.ok && result.error.message).toContain(`answered 200 with ${named} instead of a JSON object`);
  });

  it('refuses a JSON object that is not the expected answer, naming what is wrong, when the request says what it expects', async () => {
    const { send } = await start(201, JSON.stringify({ kind: 'Status' }));
    const expected = { what: 'an apps/v1 Deployment', problem: (answer: Record<string, unknown>) => (answer.kind === 'Deployment' ? undefined : `kind ${String(answer.kind)}`) };
    const result = await attempt('create Deployment shop/web', () => send({ method: 'POST', path: '/apis/apps/v1/namespaces/shop/deployments', body: deployment, expected }));
    expect(!result.ok && result.error).toMatchObject({ code: 'badResponse', status: 201 });
    expect(!result.ok && result.error.message).toContain('answered 201 with a JSON object that is not an apps/v1 Deployment: kind Status');
  });

  it('reports a refused connection as a retryable network failure', async () => {
    const { send } = await start(200, '{}');
    await closeServer(server!);
    server = undefined;
    const result = await attempt('list Deployments', () => send({ method: 'GET', path: '/apis/apps/v1/deployments' }));
    expect(!result.ok && result.error).toMatchObject({ code: 'network', retryable: true });
  });
});
