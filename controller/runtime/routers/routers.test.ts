import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as TypeScript from 'typescript';
import { KubeConfig } from '@kubernetes/client-node';
import { istioTelemetry } from '../../adapters/istio/istio-telemetry.js';
import { parseCanarySpec } from '../../schema/canary.js';
import { createRouters, telemetryOf } from './routers.js';
import { routerKindOf } from './router-kind.js';

// The seam's promise: a router kind added to router-kind.ts without its implementation in
// routers.ts fails `tsc`. Proven by type-checking routers.ts with the project's compiler, once as
// it is and once with router-kind.ts listing one more kind (served from memory; nothing on disk changes).

const ts = createRequire(import.meta.url)('typescript') as typeof TypeScript;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const KINDS = path.join(root, 'controller/runtime/routers/router-kind.ts');
const ROUTERS = path.join(root, 'controller/runtime/routers/routers.ts');

function withLinkerd(source: string): string {
  const list = "export const ROUTER_KINDS = ['istio', 'gatewayApi'] as const;";
  if (!source.includes(list)) throw new Error('router-kind.ts no longer lists its kinds as ROUTER_KINDS = [...]: update this test');
  return source.replace(list, "export const ROUTER_KINDS = ['istio', 'gatewayApi', 'linkerd'] as const;");
}

/** tsc's errors in routers.ts, by file relative to the repository, with router-kind.ts's text replaced. */
function typeErrors(kindsSource: string, oldProgram?: TypeScript.Program) {
  const config = ts.getParsedCommandLineOfConfigFile(path.join(root, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(String(d.messageText)); } });
  if (!config) throw new Error('tsconfig.json could not be read');
  const options = { ...config.options, types: [] };
  const host = ts.createCompilerHost(options);
  const serve = host.getSourceFile.bind(host);
  host.getSourceFile = (file, language, onError) => (path.resolve(file) === KINDS ? ts.createSourceFile(file, kindsSource, language) : serve(file, language, onError));
  const program = ts.createProgram({ rootNames: [ROUTERS], options, host, oldProgram });
  const file = program.getSourceFile(ROUTERS)!;
  const diagnostics = [...program.getOptionsDiagnostics(), ...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)];
  const errors = diagnostics.map((d) => ({ file: d.file ? path.relative(root, d.file.fileName) : '', message: ts.flattenDiagnosticMessageText(d.messageText, '\n') }));
  return { program, errors };
}

const spec = () => {
  const parsed = parseCanarySpec({ targetRef: { name: 'podinfo' }, service: { port: 9898 } });
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.spec;
};

describe('the router seam', () => {
  it('fails tsc in routers.ts, naming the new kind, when a router kind is added without an implementation', () => {
    const original = readFileSync(KINDS, 'utf8');
    const before = typeErrors(original);
    expect(before.errors).toEqual([]);

    const after = typeErrors(withLinkerd(original), before.program);
    expect(after.errors.map((e) => `${e.file}: ${e.message}`).join('\n')).toMatch(
      /^controller\/runtime\/routers\/routers\.ts: Property 'linkerd' is missing in type .* but required in type 'RouterImplementations'/s,
    );
    expect(after.errors.every((e) => e.file === 'controller/runtime/routers/routers.ts')).toBe(true);
  }, 60_000);
});

describe('createRouters', () => {
  it('routes a Canary that names no router through Istio, reading Istio telemetry', () => {
    expect(telemetryOf(spec())).toBe(istioTelemetry);
  });

  it('builds one router per kind and hands the same one to every Canary of that kind', () => {
    const kubeConfig = new KubeConfig();
    // Never dialled: building a router asks nothing of the cluster.
    kubeConfig.loadFromOptions({ clusters: [{ name: 'c', server: 'https://127.0.0.1:1' }], users: [{ name: 'u' }], contexts: [{ name: 'x', cluster: 'c', user: 'u' }], currentContext: 'x' });
    const routers = createRouters(kubeConfig);
    expect(routers.of(spec())).toBe(routers.ofKind('istio'));
    expect(routers.of(spec())).toBe(routers.of(spec()));
  });

  it('routes a Canary naming spec.router.kind gatewayApi through the Gateway API router, with Istio telemetry (Istio implements HTTPRoute)', () => {
    const parsed = parseCanarySpec({ targetRef: { name: 'podinfo' }, service: { port: 9898 }, router: { kind: 'gatewayApi', gatewayRef: { name: 'public' } } });
    if (!parsed.ok) throw new Error(parsed.error.message);
    expect(routerKindOf(parsed.spec)).toBe('gatewayApi');
    expect(telemetryOf(parsed.spec)).toBe(istioTelemetry);
  });

  it.each([
    ['a gatewayRef on the istio router', { router: { kind: 'istio', gatewayRef: { name: 'public' } } }, 'gatewayRef is for the gatewayApi router only'],
    ['a jwtClaim match on the gatewayApi router', { router: { kind: 'gatewayApi' }, stages: { internal: { match: [{ jwtClaim: { name: 'groups', exact: 'qa' } }] } } }, 'the Gateway API router cannot match a jwtClaim'],
  ])('refuses %s, naming the field', (_what, extra, message) => {
    const parsed = parseCanarySpec({ targetRef: { name: 'podinfo' }, service: { port: 9898, gateways: ['mesh', 'edge/public'] }, ...extra });
    expect(!parsed.ok && parsed.error.message).toContain(message);
  });
});
