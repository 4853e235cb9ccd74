import { describe, expect, it } from '@jest/globals';
import { servingContainer } from './serving-container.js';

const envoy = { name: 'envoy', image: 'envoy:1.30.1', ports: [{ name: 'proxy', containerPort: 15001 }] };
const app = { name: 'app', image: 'podinfo:2.0.0', ports: [{ name: 'http', containerPort: 9898 }] };

describe('servingContainer', () => {
  it.each([
    ['the app behind a sidecar listed first when the targetPort is a number', [{ port: 80, targetPort: 9898 }], 'app'],
    ['the app when the targetPort names its port', [{ port: 80, targetPort: 'http' }], 'app'],
    ['the app when targetPort is unset and the Service port is its port', [{ port: 9898 }], 'app'],
    ['the first container when no container declares the target', [{ port: 80, targetPort: 8080 }], 'envoy'],
  ])('picks %s', (_name, ports, expected) => {
    expect(servingContainer([envoy, app], ports)?.name).toBe(expected);
  });
});
