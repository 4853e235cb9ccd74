// The Helm chart (charts/songbird) against the kustomize install (config/): rendered with the
// default values it gives config/'s objects plus Helm's four standard labels, both apply to the
// world's apiserver and read back alike, and its values (rbac.scope, ServiceMonitor, the controller
// settings) render what values.yaml says. helm is built by e2e/world/install.sh (helm.sh/helm/v4).
import { jest } from '@jest/globals';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { loadAll } from 'js-yaml';
import { readConfig } from '../../controller/runtime/config.js';
import { NOTIFICATION_KINDS } from '../../controller/runtime/notifiers/notification-filter.js';
import { getSharedWorld, type WorldHandle } from '../world/shared-world.js';

jest.setTimeout(180_000);

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const BIN = `${REPO}.cache/world/bin`;
const CHART = 'charts/songbird';
const run = promisify(execFile);
/** Labels the chart adds to config/'s on every object's metadata (charts/songbird/templates/_helpers.tpl). */
const HELM_LABELS = ['app.kubernetes.io/instance', 'app.kubernetes.io/version', 'app.kubernetes.io/managed-by', 'helm.sh/chart'];

interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [field: string]: unknown;
}
interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: unknown;
}

const documents = (text: string): KubeObject[] => (loadAll(text) as Array<KubeObject | null>).filter((doc): doc is KubeObject => doc !== null);
/**
 * Kinds without a namespace. kustomize's namespace transformer does not know FlowSchema is one and gives
 * config/'s a namespace, which the apiserver ignores (stores none); the comparison ignores it too.
 */
const CLUSTER_KINDS = new Set(['Namespace', 'CustomResourceDefinition', 'ClusterRole', 'ClusterRoleBinding', 'FlowSchema']);
const keyOf = (object: KubeObject) => `${object.kind} ${CLUSTER_KINDS.has(object.kind) ? '-' : object.metadata.namespace}/${object.metadata.name}`;
const byKey = (objects: KubeObject[]) => Object.fromEntries(objects.map((object) => [keyOf(object), object]));
const ofKind = (objects: KubeObject[], kind: string) => objects.filter((object) => object.kind === kind);

/** The object as the apiserver keeps it: a cluster-wide kind without metadata.namespace. */
function withoutClusterNamespace(object: KubeObject): KubeObject {
  if (!CLUSTER_KINDS.has(object.kind) || object.metadata.namespace === undefined) return object;
  const copy = structuredClone(object);
  delete copy.metadata.namespace;
  return copy;
}

function withoutHelmLabels(object: KubeObject): KubeObject {
  const copy = structuredClone(object);
  const labels = copy.metadata.labels ?? {};
  for (const label of HELM_LABELS) delete labels[label];
  if (Object.keys(labels).length === 0) delete copy.metadata.labels;
  return copy;
}

/** The object without empty lists and maps (`args: []`), which the apiserver may not store (omitempty): what a read-back must contain. */
function storedForm(object: KubeObject): KubeObject {
  const prune = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(prune);
    if (value === null || typeof value !== 'object') return value;
    const entries = Object.entries(value).map(([key, field]) => [key, prune(field)] as const);
    return Object.fromEntries(entries.filter(([, field]) => !(field !== null && typeof field === 'object' && Object.keys(field).length === 0)));
  };
  return prune(object) as KubeObject;
}

function controllerEnv(objects: KubeObject[]): EnvVar[] {
  const [deployment] = ofKind(objects, 'Deployment') as Array<KubeObject & { spec: { template: { spec: { containers: Array<{ env: EnvVar[] }> } } } }>;
  return deployment!.spec.template.spec.containers[0]!.env;
}

/** `helm template songbird charts/songbird -n <namespace> <args>`, parsed. */
async function helmTemplate(namespace: string, ...args: string[]): Promise<KubeObject[]> {
  const { stdout } = await run(`${BIN}/helm`, ['template', 'songbird', CHART, '--namespace', namespace, ...args], { cwd: REPO });
  return documents(stdout);
}

/** What helm says when it refuses to render (stderr); fails the test if it renders. */
async function helmRefusal(...args: string[]): Promise<string> {
  try {
    await run(`${BIN}/helm`, ['template', 'songbird', CHART, ...args], { cwd: REPO });
  } catch (error) {
    return String((error as { stderr?: string }).stderr);
  }
  throw new Error(`helm template ${args.join(' ')} rendered; expected a refusal`);
}

async function kustomize(dir: string): Promise<KubeObject[]> {
  const { stdout } = await run(`${BIN}/kubectl`, ['kustomize', dir], { cwd: REPO });
  return documents(stdout).map(withoutClusterNamespace);
}

describe('the Helm chart charts/songbird', () => {
  it('ships crds/canary.yaml byte for byte as its CRD (after `make crds`: cp crds/canary.yaml charts/songbird/crds/)', async () => {
    const [source, copy] = await Promise.all([readFile(`${REPO}crds/canary.yaml`, 'utf8'), readFile(`${REPO}${CHART}/crds/canary.yaml`, 'utf8')]);
    expect(copy).toBe(source);
  });

  it('renders with its default values the objects of kubectl kustomize config/ (without the Namespace) plus Helm labels', async () => {
    const [chart, config] = await Promise.all([helmTemplate('songbird-system', '--include-crds'), kustomize('config')]);
    const fromConfig = config.filter((object) => object.kind !== 'Namespace');
    expect(byKey(chart.map(withoutHelmLabels))).toEqual(byKey(fromConfig));
    for (const object of chart.filter((o) => o.kind !== 'CustomResourceDefinition')) {
      expect(Object.keys(object.metadata.labels ?? {})).toEqual(expect.arrayContaining(HELM_LABELS));
    }
    expect(Object.keys(byKey(chart)).sort()).toEqual([
      'ClusterRole -/songbird-controller',
      'ClusterRoleBinding -/songbird-controller',
      'CustomResourceDefinition -/canaries.songbird.dev',
      'Deployment songbird-system/songbird-controller',
      'FlowSchema -/songbird-leader-election',
      'PodDisruptionBudget songbird-system/songbird-controller',
      'Role songbird-system/songbird-leader-election',
      'RoleBinding songbird-system/songbird-leader-election',
      'Service songbird-system/songbird-controller-metrics',
      'ServiceAccount songbird-system/songbird-controller',
    ]);
  });

  it('passes helm lint --strict', async () => {
    const { stdout } = await run(`${BIN}/helm`, ['lint', '--strict', CHART], { cwd: REPO });
    expect(stdout).toContain('0 chart(s) failed');
  });

  it('renders rbac.scope cluster as a ClusterRole for every namespace and namespaced as a Role with the same rules in watchNamespace only', async () => {
    const cluster = await helmTemplate('songbird-system');
    const namespaced = await helmTemplate('songbird-ns', '--set', 'rbac.scope=namespaced', '--set', 'rbac.watchNamespace=helm-shop');
    const [clusterRole] = ofKind(cluster, 'ClusterRole') as Array<KubeObject & { rules: unknown[] }>;
    expect(ofKind(cluster, 'ClusterRoleBinding').map(keyOf)).toEqual(['ClusterRoleBinding -/songbird-controller']);
    expect(controllerEnv(cluster).map((env) => env.name)).not.toContain('SONGBIRD_NAMESPACE');

    expect(ofKind(namespaced, 'ClusterRole')).toEqual([]);
    expect(ofKind(namespaced, 'ClusterRoleBinding')).toEqual([]);
    const role = byKey(namespaced)['Role helm-shop/songbird-controller'] as KubeObject & { rules: unknown[] };
    expect(role.rules).toEqual(clusterRole!.rules);
    expect(byKey(namespaced)['RoleBinding helm-shop/songbird-controller']).toMatchObject({
      roleRef: { kind: 'Role', name: 'songbird-controller' },
      subjects: [{ kind: 'ServiceAccount', name: 'songbird-controller', namespace: 'songbird-ns' }],
    });
    expect(controllerEnv(namespaced)).toContainEqual({ name: 'SONGBIRD_NAMESPACE', value: 'helm-shop' });
    const watchingOwn = await helmTemplate('songbird-ns', '--set', 'rbac.scope=namespaced');
    expect(Object.keys(byKey(watchingOwn))).toContain('Role songbird-ns/songbird-controller');
  });

  it('renders a ServiceMonitor only with serviceMonitor.enabled, the one of config/monitoring/ plus its labels', async () => {
    expect(ofKind(await helmTemplate('songbird-system'), 'ServiceMonitor')).toEqual([]);
    const [monitor] = ofKind(await helmTemplate('songbird-system', '--set', 'serviceMonitor.enabled=true', '--set', 'serviceMonitor.labels.release=kube-prometheus-stack'), 'ServiceMonitor');
    const [fromConfig] = ofKind(await kustomize('config/monitoring'), 'ServiceMonitor');
    const expected = structuredClone(fromConfig!);
    expected.metadata.labels = { ...expected.metadata.labels, release: 'kube-prometheus-stack' };
    expect(withoutHelmLabels(monitor!)).toEqual(expected);
  });

  it('sets controller settings that controller/runtime/config.ts accepts, under the names it reads', async () => {
    const objects = await helmTemplate(
      'songbird-system',
      ...['--set', 'prometheus.url=https://prometheus.example:9443', '--set', 'logLevel=debug', '--set', 'rbac.scope=namespaced'],
      ...['--set', 'slack.defaultWebhook.namespace=songbird-system,slack.defaultWebhook.name=slack,slack.defaultWebhook.key=webhook-url'],
      ...['--set', 'slack.notifyOn={rolledBack,promoted}', '--set-string', 'extraEnv[0].name=SONGBIRD_CONCURRENCY,extraEnv[0].value=4'],
    );
    const env = Object.fromEntries(controllerEnv(objects).map((variable) => [variable.name, variable.value ?? 'songbird-system']));
    const read = readConfig(env);
    expect(read).toEqual({ ok: true, config: expect.anything() });
    if (!read.ok) return;
    expect(Object.keys(read.config)).toEqual(expect.arrayContaining(Object.keys(env)));
    expect(read.config).toMatchObject({
      SONGBIRD_PROMETHEUS_URL: 'https://prometheus.example:9443',
      LOG_LEVEL: 'debug',
      SONGBIRD_NAMESPACE: 'songbird-system',
      SONGBIRD_SLACK_DEFAULT_WEBHOOK: { namespace: 'songbird-system', ref: { name: 'slack', key: 'webhook-url' } },
      SONGBIRD_SLACK_NOTIFY_ON: ['rolledBack', 'promoted'],
      SONGBIRD_CONCURRENCY: 4,
    });
    expect(byKey(objects)['Role songbird-system/songbird-slack-default-webhook-songbird-system']).toMatchObject({
      rules: [{ apiGroups: [''], resources: ['secrets'], resourceNames: ['slack'], verbs: ['get'] }],
    });
  });

  it('offers in values.schema.json exactly the notification kinds and log levels the controller reads', async () => {
    const schema = JSON.parse(await readFile(`${REPO}${CHART}/values.schema.json`, 'utf8'));
    expect(schema.properties.slack.properties.notifyOn.items.enum).toEqual([...NOTIFICATION_KINDS]);
    for (const level of schema.properties.logLevel.enum as string[]) expect(readConfig({ LOG_LEVEL: level })).toMatchObject({ ok: true });
    expect(readConfig({ LOG_LEVEL: 'verbose' })).toMatchObject({ ok: false });
  });

  it('renders two namespaced releases (both named songbird, in team-a and team-b) without a shared object name', async () => {
    const sharedWebhook = ['--set', 'slack.defaultWebhook.namespace=slack,slack.defaultWebhook.name=webhook,slack.defaultWebhook.key=url'];
    const namespaced = (team: string) => helmTemplate(team, '--set', 'rbac.scope=namespaced', ...sharedWebhook);
    const [teamA, teamB] = await Promise.all([namespaced('team-a'), namespaced('team-b')]);
    const keysA = Object.keys(byKey(teamA));
    const keysB = Object.keys(byKey(teamB));
    expect(keysA).toHaveLength(teamA.length);
    expect(keysA.filter((key) => keysB.includes(key))).toEqual([]);
    expect(keysA).toEqual(expect.arrayContaining(['FlowSchema -/songbird-leader-election-team-a', 'Role slack/songbird-slack-default-webhook-team-a']));
    expect(byKey(teamA)['RoleBinding slack/songbird-slack-default-webhook-team-a']).toMatchObject({
      roleRef: { kind: 'Role', name: 'songbird-slack-default-webhook-team-a' },
      subjects: [{ kind: 'ServiceAccount', name: 'songbird-controller', namespace: 'team-a' }],
    });
    const withoutFlowSchema = await helmTemplate('team-a', '--set', 'rbac.scope=namespaced', ...sharedWebhook, '--set', 'flowSchema.create=false');
    expect(Object.keys(byKey(withoutFlowSchema))).toEqual(keysA.filter((key) => !key.startsWith('FlowSchema ')));
  });

  it('refuses misspelt keys at every level, naming them (values.schema.json: additionalProperties false)', async () => {
    expect(await helmRefusal('--set', 'serviceMonitor.enable=true')).toContain("at '/serviceMonitor': additional properties 'enable' not allowed");
    expect(await helmRefusal('--set', 'image.pullpolicy=Always')).toContain("at '/image': additional properties 'pullpolicy' not allowed");
    expect(await helmRefusal('--set', 'rbac.watchNamespaces=shop')).toContain("at '/rbac': additional properties 'watchNamespaces' not allowed");
    expect(await helmRefusal('--set', 'replica=3')).toContain("at '': additional properties 'replica' not allowed");
    expect(await helmRefusal('--set', 'resources.request.cpu=1')).toContain("at '/resources': additional properties 'request' not allowed");
    expect(await helmRefusal('--set', 'slack.defaultWebhook.secret=x')).toContain("at '/slack/defaultWebhook': additional properties 'secret' not allowed");
    expect(await helmRefusal('--set', 'extraEnv.FOO=1')).toContain("at '/extraEnv': got object, want array");
  });

  it('accepts what Helm and a parent chart add to a subchart\'s values: global, and enabled for `condition: songbird.enabled`', async () => {
    const parent = await mkdtemp(path.join(tmpdir(), 'songbird-parent-chart-'));
    try {
      await writeFile(
        path.join(parent, 'Chart.yaml'),
        'apiVersion: v2\nname: platform\nversion: 1.0.0\ndependencies:\n  - name: songbird\n    version: 0.1.0\n    repository: file://' + `${REPO}${CHART}` + '\n    condition: songbird.enabled\n',
      );
      await writeFile(path.join(parent, 'values.yaml'), 'songbird:\n  enabled: true\n');
      await run(`${BIN}/helm`, ['dependency', 'build', parent], { cwd: REPO });
      // Helm gives a subchart `global` even when the parent sets none; with a global value too:
      for (const extra of [[], ['--set', 'global.imageRegistry=registry.example']]) {
        const { stdout } = await run(`${BIN}/helm`, ['template', 'platform', parent, '--namespace', 'songbird-system', ...extra], { cwd: REPO });
        expect(ofKind(documents(stdout), 'Deployment').map(keyOf)).toEqual(['Deployment songbird-system/songbird-controller']);
      }
    } finally {
      await rm(parent, { recursive: true, force: true });
    }
  });

  it('refuses wrong values naming them', async () => {
    expect(await helmRefusal('--set', 'rbac.scope=everywhere')).toContain("at '/rbac/scope'");
    expect(await helmRefusal('--set', 'prometheus.url=prometheus:9090')).toContain("at '/prometheus/url'");
    expect(await helmRefusal('--set', 'slack.notifyOn={rolledback}')).toContain("at '/slack/notifyOn/0'");
    expect(await helmRefusal('--set', 'extraEnv[0].name=SONGBIRD_CONCURRENCY,extraEnv[0].value=4')).toContain("at '/extraEnv/0/value'");
    expect(await helmRefusal('--set', 'slack.defaultWebhook.name=slack')).toContain('slack.defaultWebhook: set namespace, name and key together');
  });

  it('refuses extraEnv entries the chart sets itself or that must match its objects, naming the entry and the value to use', async () => {
    const env = (name: string) => ['--set-json', `extraEnv=[{"name":"SONGBIRD_CONCURRENCY","value":"4"},{"name":"${name}","value":"x"}]`];
    expect(await helmRefusal(...env('SONGBIRD_PROMETHEUS_URL'))).toContain('extraEnv[1].name: SONGBIRD_PROMETHEUS_URL is set by the chart (from prometheus.url)');
    expect(await helmRefusal(...env('SONGBIRD_METRICS_PORT'))).toContain('extraEnv[1].name: SONGBIRD_METRICS_PORT is set by the chart');
    expect(await helmRefusal(...env('SONGBIRD_LEADER_ELECTION'))).toContain('replicas above 1 need leader election');
    const [deployment] = ofKind(await helmTemplate('songbird-system', '--set-json', 'extraEnv=[{"name":"SONGBIRD_CONCURRENCY","value":"4"}]'), 'Deployment');
    expect(JSON.stringify(deployment)).toContain('"name":"SONGBIRD_CONCURRENCY","value":"4"');
  });
});

describe('the Helm chart and config/ on the local apiserver', () => {
  let world: WorldHandle;
  let dir: string;
  const kubectl = async (...args: string[]) => (await run(`${BIN}/kubectl`, ['--kubeconfig', world.kubeconfigPath, ...args], { cwd: REPO })).stdout.trim();
  const canI = async (user: string, ...args: string[]) => {
    try {
      return await kubectl('auth', 'can-i', '--as', user, ...args);
    } catch (error) {
      return String((error as { stdout?: string }).stdout ?? '').trim(); // "no" exits 1
    }
  };
  /** Writes objects to a file, for kubectl -f (YAML documents, each written as JSON). */
  const manifest = async (name: string, objects: KubeObject[]) => {
    const file = path.join(dir, `${name}.yaml`);
    await writeFile(file, objects.map((object) => JSON.stringify(object)).join('\n---\n'));
    return file;
  };
  const readBack = async (file: string): Promise<KubeObject[]> => JSON.parse(await kubectl('get', '-f', file, '-o', 'json')).items;

  beforeAll(async () => {
    world = await getSharedWorld();
    dir = await mkdtemp(path.join(tmpdir(), 'songbird-helm-chart-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('apply both, config/ then the chart over it, and read back what each rendered', async () => {
    // Other tests may have applied config/ already (another field manager), as a GitOps tool would take it over.
    await kubectl('apply', '--server-side', '--force-conflicts', '-k', 'config/');
    const config = await kustomize('config');
    const configFile = await manifest('config', config);
    const fromConfig = byKey(await readBack(configFile));
    for (const object of config) expect(fromConfig[keyOf(object)]).toMatchObject(storedForm(object));

    const chart = await helmTemplate('songbird-system', '--include-crds');
    const chartFile = await manifest('chart', chart);
    await kubectl('apply', '--server-side', '--force-conflicts', '--field-manager', 'helm', '-f', chartFile);
    const fromChart = byKey(await readBack(chartFile));
    for (const object of chart) expect(fromChart[keyOf(object)]).toMatchObject(storedForm(object));
    expect(Object.keys(fromChart)).toHaveLength(chart.length);
  });

  it('install the namespaced variant in its own namespaces and grant the controller only watchNamespace', async () => {
    const sa = 'system:serviceaccount:songbird-ns:songbird-controller';
    await kubectl('create', 'namespace', 'songbird-ns');
    await kubectl('create', 'namespace', 'helm-shop');
    try {
      const objects = await helmTemplate('songbird-ns', '--set', 'rbac.scope=namespaced', '--set', 'rbac.watchNamespace=helm-shop');
      // The FlowSchema is cluster-wide: only checked by the apiserver here, not stored (the next test installs it with helm).
      const [flowSchemas, namespacedObjects] = [ofKind(objects, 'FlowSchema'), objects.filter((object) => object.kind !== 'FlowSchema')];
      await kubectl('apply', '--dry-run=server', '-f', await manifest('flow-schema', flowSchemas));
      const file = await manifest('namespaced', namespacedObjects);
      await kubectl('apply', '--server-side', '--field-manager', 'helm', '-f', file);
      const stored = byKey(await readBack(file));
      for (const object of namespacedObjects) expect(stored[keyOf(object)]).toMatchObject(storedForm(object));

      expect(await canI(sa, 'list', 'deployments.apps', '-n', 'helm-shop')).toBe('yes');
      expect(await canI(sa, 'patch', 'canaries.songbird.dev', '--subresource=status', '-n', 'helm-shop')).toBe('yes');
      expect(await canI(sa, 'create', 'leases.coordination.k8s.io', '-n', 'songbird-ns')).toBe('yes');
      expect(await canI(sa, 'list', 'deployments.apps', '-n', 'songbird-system')).toBe('no');
      expect(await canI(sa, 'list', 'canaries.songbird.dev', '-A')).toBe('no');
      expect(await canI(sa, 'get', 'secrets', '-n', 'helm-shop')).toBe('no');
    } finally {
      await kubectl('delete', 'namespace', 'songbird-ns', 'helm-shop', '--wait=false');
    }
  });

  it('helm install two namespaced releases named songbird, one per team namespace, each with its FlowSchema', async () => {
    const teams = ['helm-team-a', 'helm-team-b'];
    const helm = async (...args: string[]) => (await run(`${BIN}/helm`, ['--kubeconfig', world.kubeconfigPath, ...args], { cwd: REPO })).stdout;
    const install = (team: string) =>
      helm('install', 'songbird', CHART, '--namespace', team, '--create-namespace', '--skip-crds', '--set', 'rbac.scope=namespaced', '--set', 'replicas=1');
    try {
      await install(teams[0]!);
      await install(teams[1]!); // Helm refuses an object that another release owns: this fails if any name is shared
      const releases = JSON.parse(await helm('list', '--all-namespaces', '--output', 'json')) as Array<{ name: string; namespace: string; status: string }>;
      for (const team of teams) expect(releases).toContainEqual(expect.objectContaining({ name: 'songbird', namespace: team, status: 'deployed' }));
      for (const team of teams) expect(await kubectl('get', 'flowschema', `songbird-leader-election-${team}`, '-o', 'name')).toBe(`flowschema.flowcontrol.apiserver.k8s.io/songbird-leader-election-${team}`);
    } finally {
      for (const team of teams) await helm('uninstall', 'songbird', '--namespace', team).catch(() => undefined);
      await kubectl('delete', 'namespace', ...teams, '--wait=false', '--ignore-not-found');
    }
  });
});
