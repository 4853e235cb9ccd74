import { describe, expect, it } from '@jest/globals';
import { parseWebhookUrl } from './webhook-secret.js';

const URL_TEXT = 'https://hooks.slack.com/services/T0123ABC/B0456DEF/xYzSecretToken000111222';

describe('parseWebhookUrl', () => {
  it('keeps the host and redacts the URL, its path and its token wherever they appear', () => {
    const target = parseWebhookUrl(URL_TEXT);
    expect(target?.host).toBe('hooks.slack.com');
    const text = `posting to ${URL_TEXT} failed; path /services/T0123ABC/B0456DEF/xYzSecretToken000111222; token xYzSecretToken000111222`;
    expect(target?.redact(text)).toBe('posting to [redacted] failed; path [redacted]; token [redacted]');
  });

  it.each(['hooks.slack.com/services/x', 'ftp://hooks.slack.com/x', 'javascript:alert(1)', ''])('refuses %p', (text) => {
    expect(parseWebhookUrl(text)).toBeUndefined();
  });
});
