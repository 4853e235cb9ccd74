// makeDeploymentJsonApi against a loopback HTTP fake that answers whatever
// the test gives: what the apiserver sends is accepted, anything else is a
// badResponse value, never an absent Deployment or one without a template.
import http from 'node:http';
import { makeDeploymentJsonApi, type DeploymentJsonApi } from './deployment-json-api.js';
import { makeSendJson } from './json-request.js';
import { closeServer, listenOnLoopback, loopbackKubeConfig } from './loopback-kube-config.js';
import { attempt, readOptional } from './read-optional.js';

const web = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'shop', resourceVersion: '7' },
  spec: { selector: { matchLabels: { app: 'web' } }, template: { spec: { containers: [{ name: 'app', image: 'web:1' }] } } },
};

/** The apiserver leaves kind and apiVersion out of list items. */
const { apiVersion: _apiVersion, kind: _kind, ...webItem } = web;
const list = (items: unknown[]) => ({ apiVersion: 'apps/v1', kind: 'DeploymentList', metadata: { resourceVersion: '9' }, items });

describe('makeDeploymentJsonApi', () => {
  let server: http.Server | undefined;
  afterEach(async () => {
    if (server) await closeServer(server);
    server = undefined;
  });

  /** Answers every request with `status` and `body` (as JSON text unless a string). */
  const answering = async (status: number, body: unknown): Promise<DeploymentJsonApi> => {
    server = http.createServer((request, response) => {
      request.resume();
      request.on('end', () => response.writeHead(status, { 'content-type': 'application/json' }).end(typeof body === 'string' ? body : JSON.stringify(body)));
    });
    await listenOnLoopback(server);
    return makeDeploymentJsonApi(makeSendJson(loopbackKubeConfig(server)));
  };

  it('returns the Deployment as sent when the apiserver answers with the Deployment asked for', async () => {
    const api = await answering(200, web);
    expect(await readOptional('read Deployment shop/web', () => api.read('shop', 'web'))).toEqual({ ok: true, value: web });
  });

  it('returns the list as sent when its items carry no kind, as the apiserver sends them', async () => {
    const api = await answering(200, list([webItem]));
    expect(await api.listAll()).toEqual(list([webItem]));
  });

  it.each<[string, unknown, string]>([
    ['null', 'null', 'with null instead of a JSON object'],
    ['a string', '"str"', 'with a string instead of a JSON object'],
    ['an array', '[]', 'with an array instead of a JSON object'],
    ['an empty object', {}, 'is not an apps/v1 Deployment: kind missing where the apiserver sends "Deployment"'],
    ['a Status', { kind: 'Status', apiVersion: 'v1', status: 'Success' }, 'kind "Status" where the apiserver sends "Deployment"'],
    ['a Deployment without metadata', { kind: 'Deployment', spec: web.spec }, 'metadata missing'],
    ['a Deployment with metadata null', { kind: 'Deployment', metadata: null }, 'metadata is null'],
    ['a Deployment without a name', { kind: 'Deployment', metadata: {} }, 'no metadata.name'],
    ['another Deployment', { ...web, metadata: { name: 'api' } }, 'metadata.name "api" where "web" was asked for'],
  ])('reads %s in a 200 as badResponse, not as an absent or template-less Deployment', async (_, body, detail) => {
    const api = await answering(200, body);
    const result = await readOptional('read Deployment shop/web', () => api.read('shop', 'web'));
    expect(!result.ok && result.error).toMatchObject({ code: 'badResponse', retryable: false, status: 200 });
    expect(!result.ok && result.error.message).toContain(`Unexpected answer (200) to the request to read Deployment shop/web: GET /apis/apps/v1/namespaces/shop/deployments/web answered 200 `);
    expect(!result.ok && result.error.message).toContain(detail);
  });

  it('refuses a create answered with something that is not the Deployment sent, with the real status', async () => {
    const api = await answering(201, { kind: 'Deployment', metadata: { name: 'other' } });
    const result = await attempt('create Deployment shop/web', () => api.create('shop', web));
    expect(!result.ok && result.error).toMatchObject({ code: 'badResponse', status: 201 });
    expect(!result.ok && result.error.message).toContain('metadata.name "other" where "web" was asked for');
  });

  it('refuses a replace answered with an empty object', async () => {
    const api = await answering(200, {});
    const result = await attempt('update Deployment shop/web', () => api.replace('shop', 'web', web));
    expect(!result.ok && result.error).toMatchObject({ code: 'badResponse', status: 200 });
  });

  it.each<[string, unknown, string]>([
    ['null', 'null', 'with null instead of a JSON object'],
    ['an empty object', {}, 'kind missing where the apiserver sends "DeploymentList"'],
    ['a list without items', { kind: 'DeploymentList', metadata: {} }, 'items missing'],
    ['a list whose items is an object', { kind: 'DeploymentList', metadata: {}, items: {} }, 'items is an object'],
    ['a list without metadata', { kind: 'DeploymentList', items: [] }, 'metadata missing'],
    ['a list with a null item', list([webItem, null]), 'items[1] is null'],
    ['a list with an item without metadata', list([{ spec: {} }]), 'items[0].metadata missing'],
    ['a list with an unnamed item', list([{ metadata: { namespace: 'shop' } }]), 'no items[0].metadata.name'],
    ['a list with a Pod in it', list([{ ...webItem, kind: 'Pod' }]), 'items[0].kind "Pod" where the apiserver sends "Deployment"'],
  ])('refuses %s when it lists Deployments', async (_, body, detail) => {
    const api = await answering(200, body);
    const result = await attempt('list Deployments', () => api.listAll());
    expect(!result.ok && result.error).toMatchObject({ code: 'badResponse', status: 200 });
    expect(!result.ok && result.error.message).toContain(detail);
  });
});
