// The pieces of the world's Istio validation that need no Kubernetes: the
// serving certificate (a real TLS handshake against it) and the webhook
// registration sent to the API server.
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ISTIO_VALIDATED_GROUPS, istioValidationWebhookConfiguration } from './istio-validation.js';
import { httpGet } from './loopback-http.js';
import { writeServingCertificate } from './serving-certificate.js';

describe('writeServingCertificate', () => {
  it('issues a leaf for IP 127.0.0.1 signed by a fresh CA when asked for a serving certificate', async () => {
    const certificate = await writeServingCertificate(mkdtempSync(path.join(os.tmpdir(), 'songbird-pki-')), 'probe');
    const ca = new X509Certificate(certificate.caPem);
    const leaf = new X509Certificate(readFileSync(certificate.certFile));
    expect(ca.ca).toBe(true);
    expect(leaf.ca).toBe(false);
    expect(leaf.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(leaf.verify(ca.publicKey)).toBe(true);
  });

  it('lets a client that trusts only the CA complete a TLS handshake with 127.0.0.1 when served', async () => {
    const certificate = await writeServingCertificate(mkdtempSync(path.join(os.tmpdir(), 'songbird-pki-')), 'probe');
    const server = https.createServer({ cert: readFileSync(certificate.certFile), key: readFileSync(certificate.keyFile) }, (_, response) =>
      response.end('ok'),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const answer = await httpGet(`https://127.0.0.1:${port}/ready`, { caPem: certificate.caPem });
      expect(answer).toEqual({ status: 200, body: 'ok' });
      await expect(httpGet(`https://127.0.0.1:${port}/ready`)).rejects.toThrow(/certificate/);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('istioValidationWebhookConfiguration', () => {
  it('sends CREATE and UPDATE of every Istio group to the URL and fails closed when registered', () => {
    const configuration = istioValidationWebhookConfiguration('https://127.0.0.1:1234/validate', 'PEM');
    const [webhook] = configuration.webhooks ?? [];
    expect(configuration.webhooks).toHaveLength(1);
    expect(webhook?.clientConfig).toEqual({ url: 'https://127.0.0.1:1234/validate', caBundle: Buffer.from('PEM').toString('base64') });
    expect(webhook?.failurePolicy).toBe('Fail');
    expect(webhook?.sideEffects).toBe('None');
    expect(webhook?.admissionReviewVersions).toEqual(['v1']);
    expect(webhook?.rules).toEqual([{ operations: ['CREATE', 'UPDATE'], apiGroups: [...ISTIO_VALIDATED_GROUPS], apiVersions: ['*'], resources: ['*'] }]);
    expect(ISTIO_VALIDATED_GROUPS).toEqual(expect.arrayContaining(['networking.istio.io', 'security.istio.io']));
  });
});
