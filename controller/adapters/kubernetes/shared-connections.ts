// client-node 1.4 gives every request a new https.Agent (KubeConfig's
// applySecurityAuthentication calls createAgent each time), so every GET,
// PATCH and list opens a new TLS connection: a new SecureContext parsing the
// CA, a handshake, the peer certificate read back. A CPU profile of the
// controller at 1,000 Canaries (bench-scale) spent about a third of its busy
// time there, and the apiserver pays for each handshake as well. These
// clients reuse keep-alive connections instead, as client-go's transport
// does: one agent per distinct TLS identity (server, CA, client certificate,
// key, servername, ...), so a rotated client certificate gets a new one.
import http from 'node:http';
import https from 'node:https';
import { createHash } from 'node:crypto';
import {
  createConfiguration,
  ServerConfiguration,
  type Configuration,
  type KubeConfig,
  type RequestContext,
  type SecurityAuthentication,
} from '@kubernetes/client-node';

/** One digest of an agent's options: equal options, equal digest. */
function digestOf(options: Readonly<Record<string, unknown>>): string {
  const hash = createHash('sha256');
  for (const name of Object.keys(options).sort()) {
    const value = options[name];
    if (value === undefined || value === null) continue;
    hash.update(`\0${name}=`);
    hash.update(Buffer.isBuffer(value) ? value : typeof value === 'string' ? value : JSON.stringify(value) ?? '');
  }
  return hash.digest('hex');
}

class SharedConnections implements SecurityAuthentication {
  private readonly agents = new Map<string, http.Agent>();
  constructor(private readonly kubeConfig: KubeConfig) {}

  getName(): string {
    return 'kubeconfig, keep-alive connections';
  }

  async applySecurityAuthentication(context: RequestContext): Promise<void> {
    await this.kubeConfig.applySecurityAuthentication(context);
    const made = context.getAgent();
    // Only client-node's direct agents; proxy agents (http(s)-proxy-agent, socks) are left as made.
    const direct = made?.constructor === https.Agent ? 'https' : made?.constructor === http.Agent ? 'http' : undefined;
    if (!made || !direct) return;
    const options = (made as https.Agent).options as Record<string, unknown>;
    const key = `${direct}:${digestOf(options)}`;
    let agent = this.agents.get(key);
    if (!agent) {
      agent = direct === 'https' ? new https.Agent({ ...options, keepAlive: true }) : new http.Agent({ ...(options as http.AgentOptions), keepAlive: true });
      this.agents.set(key, agent);
    }
    context.setAgent(agent);
  }
}

const shared = new WeakMap<KubeConfig, SharedConnections>();

/**
 * The KubeConfig's authentication (tokens, exec plugins, client certificates,
 * CA, as client-node applies them on every request) with connections reused:
 * the agent client-node makes for a request is swapped for a keep-alive agent
 * with the same options, one per distinct set of options, kept for the
 * KubeConfig's life. The same object for the same KubeConfig.
 */
export function sharedConnectionsAuth(kubeConfig: KubeConfig): SecurityAuthentication {
  let auth = shared.get(kubeConfig);
  if (!auth) {
    auth = new SharedConnections(kubeConfig);
    shared.set(kubeConfig, auth);
  }
  return auth;
}

/**
 * A client-node Configuration for the KubeConfig's current cluster, as
 * KubeConfig.makeApiClient builds, but with sharedConnectionsAuth. Throws
 * (a bug, as makeApiClient does) when the KubeConfig has no current cluster.
 */
export function sharedConfiguration(kubeConfig: KubeConfig): Configuration {
  const cluster = kubeConfig.getCurrentCluster();
  if (!cluster) throw new Error('The KubeConfig has no current cluster');
  return createConfiguration({ baseServer: new ServerConfiguration(cluster.server, {}), authMethods: { default: sharedConnectionsAuth(kubeConfig) } });
}

/** `new Api(sharedConfiguration(kubeConfig))`: a typed client-node API whose requests reuse connections. */
export function makeSharedApiClient<T>(kubeConfig: KubeConfig, Api: new (configuration: Configuration) => T): T {
  return new Api(sharedConfiguration(kubeConfig));
}
