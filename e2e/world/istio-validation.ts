// Istio's own validation in the world: the webhook program built by
// install.sh from istio.io/istio (istio-validation/main.go, which mounts
// istiod's handler from pkg/webhooks/validation/server) runs on a free
// loopback port with a serving certificate of its own, and a
// ValidatingWebhookConfiguration like istiod's chart
// (manifests/charts/istio-control/istio-discovery/templates/validatingwebhookconfiguration.yaml)
// sends it every CREATE and UPDATE of an Istio object. An object Istio
// rejects is refused at write time, with Istio's message, and never stored.
import {
  ApiException,
  type AdmissionregistrationV1Api,
  type CustomObjectsApi,
  type V1ValidatingWebhookConfiguration,
} from '@kubernetes/client-node';
import path from 'node:path';
import { freePort } from './free-port.js';
import { httpGet } from './loopback-http.js';
import { writeServingCertificate } from './serving-certificate.js';
import type { Supervisor, SupervisedProcess } from './supervisor.js';
import { exitedProbe, waitUntil } from './wait-until.js';
import { binaryPath, type WorldPaths } from './world-paths.js';

export const ISTIO_VALIDATION_WEBHOOK_CONFIGURATION = 'istio-validator-songbird-world';
/** The webhook name istiod's chart uses. */
export const ISTIO_VALIDATION_WEBHOOK = 'rev.validation.istio.io';
/** The groups istiod's chart sends to its webhook (all versions, all resources). */
export const ISTIO_VALIDATED_GROUPS = ['security.istio.io', 'networking.istio.io', 'telemetry.istio.io', 'extensions.istio.io'] as const;

export interface IstioValidationInput {
  /** bin/istio-validation, built by install.sh. */
  readonly paths: WorldPaths;
  /** The world's directory: the certificate goes to pki/, the log to logs/. */
  readonly dir: string;
}

export interface IstioValidation {
  /** https://127.0.0.1:<port>/validate */
  readonly url: string;
  /** PEM of the CA that signed the webhook's serving certificate. */
  readonly caPem: string;
  readonly process: SupervisedProcess;
}

/** Starts the webhook and resolves once it answers /ready over HTTPS with its certificate. */
export async function startIstioValidation(supervisor: Supervisor, input: IstioValidationInput): Promise<IstioValidation> {
  const certificate = await writeServingCertificate(path.join(input.dir, 'pki'), 'istio-validation');
  const port = await freePort();
  const base = `https://127.0.0.1:${port}`;
  const logFile = path.join(input.dir, 'logs', 'istio-validation.log');
  const child = supervisor.start({
    name: 'istio-validation',
    command: binaryPath(input.paths, 'istio-validation'),
    args: [`--listen=127.0.0.1:${port}`, `--cert=${certificate.certFile}`, `--key=${certificate.keyFile}`],
    logFile,
  });
  await waitUntil(
    'istio-validation /ready',
    async () => {
      if (!child.isRunning()) return exitedProbe('istio-validation', logFile, await child.exited);
      const answer = await httpGet(`${base}/ready`, { caPem: certificate.caPem });
      return answer.status === 200 ? { ok: true } : { ok: false, reason: `${answer.status} ${answer.body}` };
    },
    60_000,
  );
  return { url: `${base}/validate`, caPem: certificate.caPem, process: child };
}

/**
 * istiod's webhook registration, pointed at a URL: CREATE and UPDATE in
 * Istio's four API groups, every version and resource, failurePolicy Fail
 * (what istiod's webhook controller sets once its endpoint is ready).
 */
export function istioValidationWebhookConfiguration(url: string, caPem: string): V1ValidatingWebhookConfiguration {
  return {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingWebhookConfiguration',
    metadata: { name: ISTIO_VALIDATION_WEBHOOK_CONFIGURATION },
    webhooks: [
      {
        name: ISTIO_VALIDATION_WEBHOOK,
        clientConfig: { url, caBundle: Buffer.from(caPem).toString('base64') },
        rules: [{ operations: ['CREATE', 'UPDATE'], apiGroups: [...ISTIO_VALIDATED_GROUPS], apiVersions: ['*'], resources: ['*'] }],
        failurePolicy: 'Fail',
        sideEffects: 'None',
        admissionReviewVersions: ['v1'],
        timeoutSeconds: 10,
      },
    ],
  };
}

/**
 * A VirtualService that Istio's validation refuses and the CRD's schema does
 * not (a regex RE2 cannot compile), for a dry-run create that shows whether
 * the API server already calls the webhook.
 */
export function refusedProbeVirtualService(): object {
  return {
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: { name: 'songbird-world-validation-probe', namespace: 'default' },
    spec: { hosts: ['probe'], http: [{ match: [{ uri: { regex: '(' } }], route: [{ destination: { host: 'probe' } }] }] },
  };
}

/**
 * Registers the webhook (Istio's CRDs must be Established) and resolves once
 * the API server enforces it: the API server loads webhook configurations
 * asynchronously, so a dry-run create of an invalid VirtualService is retried
 * until it is refused by the webhook.
 */
export async function registerIstioValidation(
  apis: { readonly admission: AdmissionregistrationV1Api; readonly customObjects: CustomObjectsApi },
  validation: IstioValidation,
  timeoutMs: number,
): Promise<void> {
  try {
    await apis.admission.createValidatingWebhookConfiguration({ body: istioValidationWebhookConfiguration(validation.url, validation.caPem) });
  } catch (error) {
    if (!(error instanceof ApiException && error.code === 409)) throw new Error(`registering ${ISTIO_VALIDATION_WEBHOOK_CONFIGURATION}`, { cause: error });
  }
  await waitUntil(
    'the API server to call Istio validation',
    async () => {
      try {
        await apis.customObjects.createNamespacedCustomObject({
          group: 'networking.istio.io',
          version: 'v1',
          namespace: 'default',
          plural: 'virtualservices',
          body: refusedProbeVirtualService(),
          dryRun: 'All',
        });
        return { ok: false, reason: 'an invalid VirtualService was still accepted' };
      } catch (error) {
        const message = statusMessage(error);
        // Refused by the webhook, not merely failing to call it (failurePolicy Fail).
        const refused = message.includes(`admission webhook "${ISTIO_VALIDATION_WEBHOOK}" denied the request`);
        return refused ? { ok: true } : { ok: false, reason: message };
      }
    },
    timeoutMs,
  );
}

/** The `message` of the Status an ApiException carries (its body is the response text). */
function statusMessage(error: unknown): string {
  if (!(error instanceof ApiException)) return error instanceof Error ? error.message : String(error);
  try {
    const status = JSON.parse(String(error.body)) as { message?: unknown };
    return typeof status.message === 'string' ? status.message : String(error.body);
  } catch {
    return String(error.body);
  }
}
