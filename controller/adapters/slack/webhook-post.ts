// One POST of a JSON payload to a webhook, bounded by a hard deadline (an
// abort, not only axios' socket timeout). Returns the answer or the failure;
// never throws, and never hands back the axios error (its config has the URL).
import axios, { type AxiosInstance } from 'axios';

export type PostOutcome =
  | { readonly kind: 'answered'; readonly status: number; readonly body: string; readonly headers: Record<string, unknown> }
  | { readonly kind: 'timedOut' }
  | { readonly kind: 'failed'; readonly errorCode?: string; readonly errorMessage: string };

export type WebhookPost = (url: URL, body: string, timeoutMs: number) => Promise<PostOutcome>;

export function createWebhookPost(client: AxiosInstance = defaultClient()): WebhookPost {
  return async (url, body, timeoutMs) => {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), Math.max(1, timeoutMs));
    try {
      const response = await client.post<string>(url.href, body, {
        timeout: Math.max(1, timeoutMs),
        signal: abort.signal,
        headers: { 'Content-Type': 'application/json; charset=utf-8' },
      });
      return { kind: 'answered', status: response.status, body: String(response.data ?? ''), headers: { ...response.headers } };
    } catch (failed) {
      const errorCode = codeOf(failed);
      if (abort.signal.aborted || errorCode === 'ETIMEDOUT' || errorCode === 'ECONNABORTED') return { kind: 'timedOut' };
      return { kind: 'failed', errorCode, errorMessage: failed instanceof Error ? failed.message : String(failed) };
    } finally {
      clearTimeout(timer);
    }
  };
}

function defaultClient(): AxiosInstance {
  return axios.create({
    responseType: 'text',
    transformResponse: [(data: unknown) => data],
    validateStatus: () => true,
    maxRedirects: 0,
    maxContentLength: 64 * 1024,
    transitional: { clarifyTimeoutError: true, silentJSONParsing: true, forcedJSONParsing: false },
  });
}

function codeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  const code = (error as { code: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}
