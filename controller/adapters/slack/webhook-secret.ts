// A webhook URL's secret parts, and a redactor that removes them from any
// text that might echo them (error messages, response bodies).

export interface WebhookTarget {
  readonly url: URL;
  /** The host, which is not secret and helps the reader (e.g. hooks.slack.com). */
  readonly host: string;
  readonly redact: (text: string) => string;
}

/** Path segments at least this long are treated as secret (Slack's tokens are 24 characters). */
const SECRET_SEGMENT_MIN = 6;

/** undefined when the text is not an http(s) URL. */
export function parseWebhookUrl(webhookUrl: string): WebhookTarget | undefined {
  let url: URL;
  try {
    url = new URL(webhookUrl.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  const secrets = [webhookUrl, webhookUrl.trim(), url.href, `${url.pathname}${url.search}`, url.pathname, url.search]
    .concat(url.pathname.split('/').filter((s) => s.length >= SECRET_SEGMENT_MIN))
    .concat(url.pathname.split('/').filter((s) => s.length >= SECRET_SEGMENT_MIN).map(safeDecode))
    .filter((s) => s.length > 1 && s !== '/')
    .sort((a, b) => b.length - a.length);
  const redact = (text: string): string => secrets.reduce((t, secret) => t.split(secret).join('[redacted]'), text);
  return { url, host: url.host, redact };
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
