// `songbird validate -f`, offline: every Canary of a multi-document YAML file
// checked against the schema the controller uses (all problems, by field
// path), and the objects Songbird would write for it, from the routers' and
// Services' own pure plan functions (no cluster is asked anything).
import { loadAll } from 'js-yaml';
import { planStages } from '../core/stages.js';
import { ALL_TO_PRIMARY, type Routes } from '../core/actions.js';
import { failed, ok, type Result } from '../core/result.js';
import { planDestinationRules } from '../adapters/istio/destination-rule-plan.js';
import { routingInput } from '../adapters/istio/istio-canary-router.js';
import { planVirtualService } from '../adapters/istio/virtual-service-plan.js';
import { virtualServiceLayout } from '../adapters/istio/virtual-service-layout.js';
import { httpRouteFor } from '../adapters/gateway-api/gateway-api-router.js';
import { planCanaryServices } from '../adapters/kubernetes/canary-services.js';
import { GROUP, KIND, VERSION, checkCanaryName, fieldPath } from '../schema/canary.js';
import { canarySpecSchema, type CanarySpec } from '../schema/canary-spec.js';
import { serviceNameOf } from '../schema/generated-names.js';
import { canaryStructuralSchema, unknownFieldProblem, unknownFields, type StructuralSchema } from './unknown-fields.js';

/** A DNS-1123 subdomain (metadata.name of any namespaced object; k8s.io/apimachinery IsDNS1123Subdomain). */
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export interface CanaryVerdict {
  /** 1-based position of the document in the file. */
  readonly document: number;
  readonly namespace: string;
  readonly name: string;
  /** `<field path>: <what is wrong>` or `unknown field "<path>"`, every one the schema found; empty when the Canary is valid. */
  readonly problems: readonly string[];
  /** The objects Songbird would write, in the order it writes them (only when valid). */
  readonly objects: readonly unknown[];
  /** What the objects show and what could not be planned offline. */
  readonly notes: readonly string[];
}

export interface ValidationReport {
  readonly canaries: readonly CanaryVerdict[];
  /** Documents that are not Canaries, e.g. `document 2: Deployment web (used for the Services' selector)`. */
  readonly others: readonly string[];
}

export type UnreadableYaml = { readonly code: 'unreadableYaml'; readonly message: string; readonly retryable: false };

interface Document {
  apiVersion?: unknown;
  kind?: unknown;
  metadata?: { name?: unknown; namespace?: unknown; uid?: unknown };
  spec?: { selector?: { matchLabels?: Record<string, string> } } & Record<string, unknown>;
}

/**
 * Validates every Canary (apiVersion songbird.dev/v1alpha1, kind Canary) in
 * `text`; a namespace-less document gets `namespace`. YAML that does not
 * parse is `unreadableYaml` naming `source`, the line and column.
 */
export function validateManifests(text: string, source: string, namespace: string): Result<ValidationReport, UnreadableYaml> {
  let documents: unknown[];
  try {
    documents = loadAll(text);
  } catch (error) {
    return failed({ code: 'unreadableYaml', retryable: false, message: `${source}: not YAML: ${(error as Error).message}` });
  }
  const canaries: CanaryVerdict[] = [];
  const others: string[] = [];
  const schema = canaryStructuralSchema();
  documents.forEach((raw, index) => {
    if (raw === null || raw === undefined) return;
    const doc = raw as Document;
    if (typeof raw !== 'object' || Array.isArray(raw)) {
      canaries.push({ document: index + 1, namespace, name: '', problems: [`document ${index + 1}: not an object`], objects: [], notes: [] });
    } else if (doc.kind === KIND && String(doc.apiVersion ?? '').startsWith(`${GROUP}/`)) {
      canaries.push(verdictOf(doc, index + 1, namespace, documents, schema));
    } else {
      others.push(`document ${index + 1}: ${String(doc.kind ?? 'no kind')} ${String(doc.metadata?.name ?? '')}`.trimEnd());
    }
  });
  return ok({ canaries, others });
}

/** The problems of one Canary: its apiVersion and name, every field the CRD's schema does not declare (as the apiserver refuses them), then zod's. */
function verdictOf(doc: Document, number: number, defaultNamespace: string, documents: readonly unknown[], schema: StructuralSchema): CanaryVerdict {
  const namespace = typeof doc.metadata?.namespace === 'string' ? doc.metadata.namespace : defaultNamespace;
  const name = typeof doc.metadata?.name === 'string' ? doc.metadata.name : '';
  const problems: string[] = [];
  if (doc.apiVersion !== `${GROUP}/${VERSION}`) problems.push(`apiVersion: ${String(doc.apiVersion)} is not served; use ${GROUP}/${VERSION}`);
  if (!name) problems.push('metadata.name: required');
  else if (name.length > 253 || !DNS_SUBDOMAIN.test(name)) problems.push('metadata.name: a DNS-1123 subdomain (lower-case letters, digits, - and ., at most 253)');
  else {
    const fits = checkCanaryName(name);
    if (!fits.ok) problems.push(fits.error.message);
  }
  problems.push(...unknownFields(doc, schema).map(unknownFieldProblem));
  const parsed = canarySpecSchema.safeParse(doc.spec ?? {});
  if (!parsed.success) problems.push(...parsed.error.issues.map((issue) => `${fieldPath(issue.path)}: ${issue.message}`));
  if (problems.length > 0 || !parsed.success) return { document: number, namespace, name, problems, objects: [], notes: [] };
  const planned = plannedObjects({ namespace, name, uid: `<uid of Canary ${name}>` }, parsed.data, documents);
  return { document: number, namespace, name, ...planned };
}

/** The routes of the first stage of a rollout (the internal one when there is one): they show every route Songbird writes. */
function firstStageRoutes(spec: CanarySpec): { routes: Routes; stage: string } {
  const first = planStages(spec)[0];
  return first ? { routes: first.routes, stage: first.name } : { routes: ALL_TO_PRIMARY, stage: 'none' };
}

function plannedObjects(canary: { namespace: string; name: string; uid: string }, spec: CanarySpec, documents: readonly unknown[]): Pick<CanaryVerdict, 'problems' | 'objects' | 'notes'> {
  const problems: string[] = [];
  const objects: unknown[] = [];
  const notes: string[] = [];
  const serviceName = serviceNameOf(spec);
  const { routes, stage } = firstStageRoutes(spec);
  const traffic = `routes as during stage ${stage}: canary ${routes.canaryWeight} %, internal users → ${routes.internalToCanary ? 'canary' : 'primary'}`;

  const target = findDeployment(documents, canary.namespace, spec.targetRef.name);
  if (target) {
    const services = planCanaryServices({ namespace: canary.namespace, canary, serviceName, port: spec.service.port, ...(spec.service.targetPort ? { targetPort: spec.service.targetPort } : {}), targetSelector: target });
    if (services.ok) objects.push(...services.value);
    else problems.push(services.error.message);
  } else {
    notes.push(`Services ${serviceName} and its -primary, -canary and -internal: their selector comes from Deployment ${canary.namespace}/${spec.targetRef.name}, which is not in the file`);
  }

  if (spec.router?.kind === 'gatewayApi') {
    objects.push(httpRouteFor(canary, spec, routes));
    notes.push(`HTTPRoute ${serviceName}: ${traffic}`);
    return { problems, objects, notes };
  }
  const rules = planDestinationRules({}, { namespace: canary.namespace, serviceName, owner: canary });
  if (rules.ok) objects.push(...rules.value.map((plan) => plan.object));
  else problems.push(rules.error.message);
  const layout = virtualServiceLayout(routingInput(canary, spec, routes));
  if (!layout.ok) return { problems: [...problems, layout.error.message], objects, notes };
  for (const binding of layout.value.bindings) {
    const plan = planVirtualService(undefined, binding);
    if (plan.ok) objects.push(plan.value.object);
    else problems.push(plan.error.message);
  }
  notes.push(`VirtualService ${layout.value.bindings.map((b) => b.name).join(' and ')}: ${traffic}`);
  return { problems, objects, notes };
}

/** The matchLabels of Deployment namespace/name when the file holds it (a namespace-less one counts as in the Canary's namespace). */
function findDeployment(documents: readonly unknown[], namespace: string, name: string): Record<string, string> | undefined {
  for (const raw of documents) {
    const doc = (raw ?? {}) as Document;
    if (doc.kind !== 'Deployment' || doc.metadata?.name !== name) continue;
    if (doc.metadata?.namespace !== undefined && doc.metadata.namespace !== namespace) continue;
    const labels = doc.spec?.selector?.matchLabels;
    if (labels && typeof labels === 'object') return labels;
  }
  return undefined;
}
