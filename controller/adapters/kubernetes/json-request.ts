// Sends one request to the apiserver and returns its JSON body exactly as the
// apiserver wrote it: no client-node model between the wire and the caller.
//
// Why not the typed clients: @kubernetes/client-node's ObjectSerializer keeps
// only the properties its generated models declare, when it deserializes a
// response and when it serializes a request body. Checked on client-node
// 1.4.0: ObjectSerializer.deserialize(deployment, 'V1Deployment') and
// ObjectSerializer.serialize(deployment, 'V1Deployment') both drop
// spec.template.spec.schedulingGroup (Kubernetes 1.36, absent from its
// V1PodSpec). KubernetesObjectApi does not help for built-in kinds: its
// create/replace/patch serialize the body and its answers are deserialized
// through the model that getSerializationType(apiVersion, kind) names
// ('V1Deployment'); only kinds without a model pass through as raw objects.
// ObjectSerializer.registerModel could register a pass-through model, but the
// registry is process-global, throws on a second registration, and the typed
// AppsV1Api does not consult it.
//
// So this reuses client-node for everything but the (de)serialization: the
// same Configuration makeApiClient builds (server URL, KubeConfig as the auth
// method, with connections reused: shared-connections.ts; tokens, exec plugins, client certificates, CA, skipTLSVerify) and
// the same HTTP library. A non-2xx answer throws client-node's ApiException
// with the body as text, so errorFromException maps it exactly as it maps the
// typed clients' failures.
//
// Every apiserver answer with a body is a JSON object (the object, a list, or
// a Status). A 2xx whose body is not JSON, or is JSON but not an object
// (null, a string, an array), comes from something else answering at the
// server's address (a proxy, a captive portal, a misconfigured server URL):
// it throws UnexpectedAnswer, which errorFromException reports as
// badResponse, so it is never mistaken for an absent or empty object.
// (JSON.parse reads integers above 2^53 with lost precision; no field
// Songbird reads carries one.)
import { ApiException, HttpMethod, type Configuration, type KubeConfig } from '@kubernetes/client-node';
import { sharedConfiguration } from './shared-connections.js';
import { UnexpectedAnswer } from './kubernetes-errors.js';

export interface JsonRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH';
  /** Absolute API path, e.g. /apis/apps/v1/namespaces/shop/deployments/web. */
  readonly path: string;
  /** Sent as JSON text, as given. */
  readonly body?: unknown;
  /** Default application/json; e.g. application/merge-patch+json for a PATCH. */
  readonly contentType?: string;
  /** What a 2xx answer must be; a JSON object that is not throws UnexpectedAnswer. */
  readonly expected?: ExpectedAnswer;
}

export interface ExpectedAnswer {
  /** e.g. "an apps/v1 Deployment", for the message. */
  readonly what: string;
  /** What is wrong with the answer, e.g. 'kind "Status" where the apiserver sends "Deployment"'; undefined when nothing is. */
  readonly problem: (answer: JsonObject) => string | undefined;
}

/** A JSON object as parsed: never null, never an array. */
export type JsonObject = Readonly<Record<string, unknown>>;

/**
 * Sends a request; resolves to the parsed JSON object of a 2xx answer. Throws
 * ApiException for a non-2xx answer, UnexpectedAnswer for a 2xx whose body is
 * not a JSON object or not the request's `expected` answer.
 */
export type SendJson = (request: JsonRequest) => Promise<JsonObject>;

/** "null", "a string", "an array", ...: how a JSON value that is not an object is named in a message. */
export function describeJsonValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return typeof value === 'string' ? 'a string' : `a ${typeof value}`;
}

export const isJsonObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A SendJson for the KubeConfig's current context. Throws (a bug, as
 * makeApiClient does) when the KubeConfig has no current cluster.
 */
export function makeSendJson(kubeConfig: KubeConfig): SendJson {
  const cluster = kubeConfig.getCurrentCluster();
  if (!cluster) throw new Error('The KubeConfig has no current cluster');
  const configuration: Configuration = sharedConfiguration(kubeConfig);
  return async ({ method, path, body, contentType, expected }) => {
    const context = configuration.baseServer.makeRequestContext(path, HttpMethod[method]);
    context.setHeaderParam('Accept', 'application/json');
    if (body !== undefined) {
      context.setHeaderParam('Content-Type', contentType ?? 'application/json');
      context.setBody(JSON.stringify(body));
    }
    await configuration.authMethods.default?.applySecurityAuthentication(context);
    const response = await configuration.httpApi.send(context).toPromise();
    const text = await response.body.text();
    if (response.httpStatusCode < 200 || response.httpStatusCode > 299) {
      throw new ApiException(response.httpStatusCode, `HTTP ${response.httpStatusCode} from ${method} ${path}`, text, response.headers);
    }
    const answered = `${method} ${path} answered ${response.httpStatusCode}`;
    const check = `check that the kubeconfig's server ${cluster.server} is the Kubernetes apiserver and not a proxy or another service in front of it`;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      const contentType = response.headers['content-type'] ?? 'none';
      throw new UnexpectedAnswer(response.httpStatusCode, `${answered} without a JSON body (Content-Type ${contentType}, ${text.length} characters); ${check}`);
    }
    if (!isJsonObject(parsed)) {
      throw new UnexpectedAnswer(response.httpStatusCode, `${answered} with ${describeJsonValue(parsed)} instead of a JSON object; ${check}`);
    }
    const problem = expected?.problem(parsed);
    if (expected && problem !== undefined) {
      throw new UnexpectedAnswer(response.httpStatusCode, `${answered} with a JSON object that is not ${expected.what}: ${problem}; ${check}`);
    }
    return parsed;
  };
}
