// Minimal HTTP(S) GET against the world's loopback servers: the API server
// serves a certificate signed by its own generated CA, which global fetch
// cannot be told about without extra packages.
import http from 'node:http';
import https from 'node:https';

export interface HttpAnswer {
  readonly status: number;
  readonly body: string;
}

export interface GetOptions {
  readonly caPem?: string;
  readonly token?: string;
  readonly timeoutMs?: number;
}

export async function httpGet(url: string, options: GetOptions = {}): Promise<HttpAnswer> {
  const target = new URL(url);
  const client = target.protocol === 'https:' ? https : http;
  return await new Promise<HttpAnswer>((resolve, reject) => {
    const request = client.get(
      target,
      {
        ca: options.caPem,
        headers: options.token ? { authorization: `Bearer ${options.token}` } : {},
        timeout: options.timeoutMs ?? 5_000,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        response.on('error', reject);
      },
    );
    request.on('timeout', () => request.destroy(new Error(`GET ${url} timed out`)));
    request.on('error', reject);
  });
}
