import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadAll } from 'js-yaml';
import { GROUP, KIND, VERSION, parseCanarySpec } from './canary.js';
import { PHASES } from './canary-status.js';

// examples/gitops/ cannot be run here (no Argo CD, no Flux): these tests hold
// the files to the shapes their docs give and to Songbird's own names.
type Doc = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; annotations?: Record<string, string> }; spec?: any; data?: Record<string, string> };

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const GITOPS = `${REPO}examples/gitops/`;
const docsOf = (file: string): Doc[] => loadAll(readFileSync(`${GITOPS}${file}`, 'utf8')) as Doc[];
const only = (file: string): Doc => {
  const docs = docsOf(file);
  expect(docs).toHaveLength(1);
  return docs[0]!;
};
/** The one object of `kind` among the files examples/gitops/app/kustomization.yaml lists. */
const app = (kind: string): Doc => {
  const files = (only('app/kustomization.yaml') as unknown as { resources: string[] }).resources;
  const found = files.flatMap((file) => docsOf(`app/${file}`)).filter((doc) => doc.kind === kind);
  expect(found).toHaveLength(1);
  return found[0]!;
};
/** Every double- or single-quoted word in a script that names a phase-like identifier. */
const quotedWords = (text: string): string[] => [...text.matchAll(/["']([A-Z][A-Za-z]+)["']/g)].map((m) => m[1]!);

describe('examples/gitops/app', () => {
  it('lists every manifest of its folder in kustomization.yaml, each one object', () => {
    const listed = (only('app/kustomization.yaml') as unknown as { resources: string[] }).resources;
    const files = readdirSync(`${GITOPS}app`).filter((file) => file.endsWith('.yaml') && file !== 'kustomization.yaml');
    expect([...listed].sort()).toEqual(files.sort());
    for (const file of listed) only(`app/${file}`);
  });

  it('ships a Canary the controller accepts, for the Deployment, Service and HPA next to it', () => {
    const canary = app('Canary');
    expect(canary.apiVersion).toBe(`${GROUP}/${VERSION}`);
    const parsed = parseCanarySpec(canary.spec);
    if (!parsed.ok) throw new Error(parsed.error.message);
    const deployment = app('Deployment');
    expect(parsed.spec.targetRef.name).toBe(deployment.metadata.name);
    const service = app('Service');
    expect(service.metadata.name).toBe(parsed.spec.service.name ?? parsed.spec.targetRef.name);
    expect(service.spec.ports.map((p: { port: number }) => p.port)).toContain(parsed.spec.service.port);
    expect(app('HorizontalPodAutoscaler').spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: deployment.metadata.name });
  });

  it('leaves replicas out of the Deployment, so no GitOps tool re-applies a size Songbird changes', () => {
    expect(app('Deployment').spec).not.toHaveProperty('replicas');
  });

  it('has Flux create the Service once and leave its selector to Songbird (ssa: IfNotPresent)', () => {
    expect(app('Service').metadata.annotations).toEqual({ 'kustomize.toolkit.fluxcd.io/ssa': 'IfNotPresent' });
  });
});

describe('examples/gitops/argocd', () => {
  const application = only('argocd/application.yaml');
  const target = app('Deployment').metadata.name;

  it('is an Argo CD Application that syncs examples/gitops/app with self-heal', () => {
    expect([application.apiVersion, application.kind]).toEqual(['argoproj.io/v1alpha1', 'Application']);
    expect(application.spec.source.path).toBe('examples/gitops/app');
    expect(existsSync(`${REPO}${application.spec.source.path}/kustomization.yaml`)).toBe(true);
    expect(application.spec.destination.namespace).toBe(app('Canary').metadata.namespace);
    expect(application.spec.syncPolicy.automated).toEqual({ prune: true, selfHeal: true });
  });

  it('ignores the target Deployment\'s /spec/replicas and the adopted Service\'s /spec/selector, in the diff and in the sync', () => {
    expect(application.spec.ignoreDifferences).toEqual(
      expect.arrayContaining([
        { group: 'apps', kind: 'Deployment', name: target, jsonPointers: ['/spec/replicas'] },
        { group: '', kind: 'Service', name: app('Service').metadata.name, jsonPointers: ['/spec/selector'] },
      ]),
    );
    expect(application.spec.syncPolicy.syncOptions).toContain('RespectIgnoreDifferences=true');
  });

  it('ignores only Songbird\'s routes (songbird-*) in an adopted VirtualService', () => {
    const virtualService = application.spec.ignoreDifferences.find((entry: { kind: string }) => entry.kind === 'VirtualService');
    expect(virtualService).toMatchObject({ group: 'networking.istio.io', name: app('Service').metadata.name });
    expect(virtualService.jqPathExpressions).toEqual([expect.stringContaining('startswith("songbird-")')]);
  });

  it('gives Canaries a Lua health check under resource.customizations.health.<group>_<kind> in argocd-cm', () => {
    const configMap = only('argocd/argocd-cm.yaml');
    expect([configMap.kind, configMap.metadata.name, configMap.metadata.namespace]).toEqual(['ConfigMap', 'argocd-cm', 'argocd']);
    expect(Object.keys(configMap.data!)).toEqual([`resource.customizations.health.${GROUP}_${KIND}`]);
    const lua = Object.values(configMap.data!)[0]!;
    for (const health of ['Healthy', 'Degraded', 'Progressing', 'Suspended']) expect(lua).toContain(`hs.status = "${health}"`);
    expect(lua).toContain('obj.status.phase');
    expect(lua).toContain('condition.type == "Ready"');
    expect(lua.trimEnd().endsWith('return hs')).toBe(true);
  });

  it('names only phases Songbird has, and Succeeded, Initialized and Failed among them', () => {
    const lua = Object.values(only('argocd/argocd-cm.yaml').data!)[0]!;
    const phases = [...lua.matchAll(/phase == "([A-Za-z]+)"/g)].map((m) => m[1]);
    expect([...new Set(phases)].sort()).toEqual(['Failed', 'Initialized', 'Succeeded']);
    for (const phase of phases) expect(PHASES).toContain(phase);
  });
});

describe('examples/gitops/flux', () => {
  const [source, kustomization] = docsOf('flux/kustomization.yaml') as [Doc, Doc];
  const canary = app('Canary');

  it('is a GitRepository and a kustomize.toolkit.fluxcd.io/v1 Kustomization of examples/gitops/app', () => {
    expect([source.apiVersion, source.kind]).toEqual(['source.toolkit.fluxcd.io/v1', 'GitRepository']);
    expect([kustomization.apiVersion, kustomization.kind]).toEqual(['kustomize.toolkit.fluxcd.io/v1', 'Kustomization']);
    expect(kustomization.spec.sourceRef).toEqual({ kind: 'GitRepository', name: source.metadata.name });
    expect(kustomization.spec.path).toBe('./examples/gitops/app');
    expect(existsSync(`${REPO}${kustomization.spec.path}/kustomization.yaml`)).toBe(true);
    expect(kustomization.spec.prune).toBe(true);
    expect(kustomization.spec.timeout).toMatch(/^\d+m$/);
  });

  it('waits for the Canary by a health check and judges it by CEL expressions on its status', () => {
    expect(kustomization.spec.healthChecks).toEqual([
      { apiVersion: `${GROUP}/${VERSION}`, kind: KIND, name: canary.metadata.name, namespace: canary.metadata.namespace },
    ]);
    expect(kustomization.spec.healthCheckExprs).toHaveLength(1);
    const exprs = kustomization.spec.healthCheckExprs[0];
    expect(Object.keys(exprs).sort()).toEqual(['apiVersion', 'current', 'failed', 'inProgress', 'kind']);
    expect([exprs.apiVersion, exprs.kind]).toEqual([`${GROUP}/${VERSION}`, KIND]);
  });

  it('classifies every phase Songbird has: Initialized and Succeeded current, Failed failed, the rest in progress', () => {
    const exprs = kustomization.spec.healthCheckExprs[0];
    const named = (text: string) => quotedWords(text).filter((word) => (PHASES as readonly string[]).includes(word));
    expect(named(exprs.current).sort()).toEqual(['Initialized', 'Succeeded']);
    expect(named(exprs.failed)).toEqual(['Failed']);
    expect(named(exprs.inProgress).sort()).toEqual(PHASES.filter((p) => !['Initialized', 'Succeeded', 'Failed'].includes(p)).sort());
    for (const text of [exprs.current, exprs.failed, exprs.inProgress]) expect(text).toContain('status.?phase');
  });
});
