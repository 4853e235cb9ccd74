import { validateManifests, type ValidationReport } from './validate-plan.js';
import { formatValidation, validationExitCode } from './validate-report.js';

const CANARY = `apiVersion: songbird.dev/v1alpha1
kind: Canary
metadata: { name: web.v2, namespace: shop }
spec:
  targetRef: { name: web }
  service: { port: 8080 }
  stages:
    internal: { match: [ { header: { name: x-user, exact: internal } } ] }
    steps: [ { weight: 10 } ]
`;
const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  selector: { matchLabels: { app: web } }
  template: { metadata: { labels: { app: web } }, spec: { containers: [ { name: web, image: web:1 } ] } }
`;
const BAD = `apiVersion: songbird.dev/v1alpha1
kind: Canary
metadata: { name: bad }
spec:
  targetRef: { name: api }
  service: { port: 70000 }
  stages: { steps: [ { weight: 0 } ] }
`;

const reportOf = (text: string): ValidationReport => {
  const report = validateManifests(text, 'canary.yaml', 'default');
  if (!report.ok) throw new Error(report.error.message);
  return report.value;
};
const kindsAndNames = (objects: readonly unknown[]) => objects.map((o) => `${(o as { kind: string }).kind} ${(o as { metadata: { name: string } }).metadata.name}`);

describe('validateManifests (validate -f)', () => {
  it('plans the Services, DestinationRules and VirtualService of a valid Canary whose Deployment is in the file', () => {
    const report = reportOf(`${DEPLOYMENT}---\n${CANARY}`);
    expect(report.others).toEqual(['document 1: Deployment web']);
    const [verdict] = report.canaries;
    expect(verdict).toMatchObject({ document: 2, namespace: 'shop', name: 'web.v2', problems: [] });
    expect(kindsAndNames(verdict!.objects)).toEqual([
      'Service web', 'Service web-primary', 'Service web-canary', 'Service web-internal',
      'DestinationRule web-primary', 'DestinationRule web-canary', 'DestinationRule web-internal',
      'VirtualService web',
    ]);
    expect(validationExitCode(report)).toBe(0);
  });

  it("routes internal users as during the internal stage and takes the canary Services' selector from the Deployment", () => {
    const [verdict] = reportOf(`${DEPLOYMENT}---\n${CANARY}`).canaries;
    const vs = verdict!.objects.find((o) => (o as { kind: string }).kind === 'VirtualService') as { spec: { http: Array<{ name: string; match?: unknown; route: Array<{ destination: { host: string }; weight: number }> }> } };
    expect(vs.spec.http.map((r) => r.name)).toEqual(['songbird-internal', 'songbird-default']);
    expect(vs.spec.http[0]!.match).toEqual([{ headers: { 'x-user': { exact: 'internal' } } }]);
    expect(vs.spec.http[1]!.route.map((r) => [r.destination.host, r.weight])).toEqual([['web-primary', 100], ['web-canary', 0]]);
    const canaryService = verdict!.objects.find((o) => (o as { metadata: { name: string } }).metadata.name === 'web-canary' && (o as { kind: string }).kind === 'Service') as { spec: { selector: unknown } };
    expect(canaryService.spec.selector).toEqual({ app: 'web' });
    expect(verdict!.notes).toEqual(['VirtualService web: routes as during stage internal: canary 0 %, internal users → canary']);
  });

  it('says where the Services come from when the Deployment is not in the file', () => {
    const [verdict] = reportOf(CANARY).canaries;
    expect(kindsAndNames(verdict!.objects)[0]).toBe('DestinationRule web-primary');
    expect(verdict!.notes[0]).toBe('Services web and its -primary, -canary and -internal: their selector comes from Deployment shop/web, which is not in the file');
  });

  it('plans an HTTPRoute for the gatewayApi router', () => {
    const [verdict] = reportOf(CANARY.replace('spec:\n', 'spec:\n  router: { kind: gatewayApi }\n')).canaries;
    expect(kindsAndNames(verdict!.objects)).toEqual(['HTTPRoute web']);
  });

  it('lists every schema problem by its field path, in the default namespace, and plans nothing', () => {
    const report = reportOf(`${CANARY}---\n${BAD}`);
    const bad = report.canaries[1]!;
    expect(bad).toMatchObject({ document: 2, namespace: 'default', name: 'bad', objects: [] });
    expect(bad.problems).toEqual(['spec.service.port: Too big: expected number to be <=65535', 'spec.stages.steps[0].weight: Too small: expected number to be >=1']);
    expect(validationExitCode(report)).toBe(1);
  });

  it('refuses unknown fields as the apiserver\'s strict field validation does, each listed with the schema problems', () => {
    const text = `${BAD.replace('service: { port: 70000 }', 'service: { port: 70000, gatways: [mesh/gw] }')}  analysis:\n    checks:\n      - { name: errors, bogus: 1 }\n`;
    const bad = reportOf(text).canaries[0]!;
    expect(bad.problems.slice(0, 2)).toEqual(['unknown field "spec.service.gatways"', 'unknown field "spec.analysis.checks[0].bogus"']);
    expect(bad.problems).toContain('spec.service.port: Too big: expected number to be <=65535');
    expect(bad.objects).toEqual([]);
  });

  it('refuses a name that is not a DNS-1123 subdomain or is longer than a label value', () => {
    const problemsOf = (name: string) => reportOf(CANARY.replace('name: web.v2', `name: ${name}`)).canaries[0]!.problems;
    expect(problemsOf('Web_2')).toEqual(['metadata.name: a DNS-1123 subdomain (lower-case letters, digits, - and ., at most 253)']);
    expect(problemsOf('a'.repeat(64))[0]).toMatch(/^metadata\.name: /);
    expect(problemsOf(`${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}`)[0]).toMatch(/^metadata\.name: /);
  });

  it('refuses another apiVersion of songbird.dev', () => {
    expect(reportOf(CANARY.replace('v1alpha1', 'v1')).canaries[0]!.problems[0]).toBe('apiVersion: songbird.dev/v1 is not served; use songbird.dev/v1alpha1');
  });

  it('answers unreadableYaml naming the file for text that is not YAML', () => {
    const report = validateManifests('a: [1,\n', 'canary.yaml', 'default');
    expect(!report.ok && report.error.message).toMatch(/^canary\.yaml: not YAML: /);
  });

  it('fails a file without a Canary', () => {
    expect(validationExitCode(reportOf(DEPLOYMENT))).toBe(1);
  });
});

describe('formatValidation', () => {
  it('prints a YAML stream whose comments give each verdict and whose documents are the planned objects', () => {
    const text = formatValidation(reportOf(`${CANARY}---\n${BAD}`), 'canary.yaml', 'table');
    const lines = text.split('\n');
    expect(lines[0]).toBe('# ✔ Canary shop/web.v2 (canary.yaml, document 1): valid');
    expect(text).toContain('# ✘ Canary default/bad (canary.yaml, document 2): 2 problems\n#   spec.service.port: Too big: expected number to be <=65535\n');
    expect(text.match(/^kind: /gm)).toHaveLength(4);
  });

  it('prints the report itself with -o json', () => {
    const parsed = JSON.parse(formatValidation(reportOf(BAD), 'canary.yaml', 'json')) as ValidationReport;
    expect(parsed.canaries[0]!.problems).toHaveLength(2);
  });
});
