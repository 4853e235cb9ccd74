import { describe, expect, it } from '@jest/globals';
import { BLOCK_KIT_LIMITS } from './block-kit-rules.js';
import { checkWebhookPayload, readWebhookBody } from './webhook-payload.js';

const mrkdwn = (text: string) => ({ type: 'mrkdwn', text });
const plainText = (text: string) => ({ type: 'plain_text', text });
const section = (text: string) => ({ type: 'section', text: mrkdwn(text) });
const refusal = (blocks: unknown[]) => {
  const verdict = checkWebhookPayload({ text: 'fallback', blocks });
  return verdict.ok ? 'accepted' : `${verdict.error} ${verdict.violations.map((v) => `${v.pointer}: ${v.rule}`).join('; ')}`;
};

describe('checkWebhookPayload', () => {
  it('accepts text alone, blocks alone, and both, and hands back text and blocks', () => {
    expect(checkWebhookPayload({ text: 'hi' })).toEqual({ ok: true, message: { text: 'hi', blocks: [] } });
    expect(checkWebhookPayload({ blocks: [{ type: 'divider' }] })).toEqual({ ok: true, message: { text: '', blocks: [{ type: 'divider' }] } });
    expect(checkWebhookPayload({ text: 'hi', blocks: [section('x'), { type: 'context', elements: [mrkdwn('y')] }, { type: 'header', text: plainText('z') }] }).ok).toBe(true);
  });

  it.each<[string, unknown, string]>([
    ['an array', [], 'invalid_payload'],
    ['a string', 'hello', 'invalid_payload'],
    ['text that is not a string', { text: 42 }, 'invalid_payload'],
    ['attachments that are not a list', { text: 'x', attachments: {} }, 'invalid_payload'],
    ['more than 100 attachments', { text: 'x', attachments: Array.from({ length: 101 }, () => ({ text: 'a' })) }, 'too_many_attachments'],
    ['no text, no blocks', { username: 'x' }, 'no_text'],
    ['empty text and an empty block list', { text: '', blocks: [] }, 'no_text'],
    ['blocks that are not a list', { text: 'x', blocks: {} }, 'invalid_blocks'],
  ])('refuses a payload that is %s', (_, payload, error) => {
    expect(checkWebhookPayload(payload)).toMatchObject({ ok: false, status: 400, error });
  });

  it.each<[string, unknown[], string]>([
    ['51 blocks', Array.from({ length: 51 }, () => ({ type: 'divider' })), ': more than 50 blocks (51)'],
    ['an unknown block type', [{ type: 'sektion', text: mrkdwn('x') }], '/0/type: unknown block type "sektion"'],
    ['a block without a type', [{ text: mrkdwn('x') }], '/0/type: unknown block type undefined'],
    ['a section with neither text nor fields', [{ type: 'section' }], '/0: a section needs text or fields'],
    ['a section text of 3,001 characters', [section('x'.repeat(3001))], '/0/text/text: text is 3001 characters, more than 3000'],
    ['an empty section text', [section('')], '/0/text/text: text must be a non-empty string'],
    ['a text object of an unknown type', [{ type: 'section', text: { type: 'markdown', text: 'x' } }], '/0/text/type: text type must be plain_text or mrkdwn'],
    ['11 section fields', [{ type: 'section', fields: Array.from({ length: 11 }, () => mrkdwn('f')) }], '/0/fields: more than 10 fields (11)'],
    ['a section field of 2,001 characters', [{ type: 'section', fields: [mrkdwn('f'.repeat(2001))] }], '/0/fields/0/text: text is 2001 characters, more than 2000'],
    ['11 context elements', [{ type: 'context', elements: Array.from({ length: 11 }, () => mrkdwn('c')) }], '/0/elements: more than 10 elements (11)'],
    ['a context without elements', [{ type: 'context', elements: [] }], '/0/elements: elements must be a non-empty array'],
    ['an empty context text', [{ type: 'context', elements: [mrkdwn('')] }], '/0/elements/0/text: text must be a non-empty string'],
    ['a header in mrkdwn', [{ type: 'header', text: mrkdwn('h') }], '/0/text/type: text type must be plain_text'],
    ['a header of 151 characters', [{ type: 'header', text: plainText('h'.repeat(151)) }], '/0/text/text: text is 151 characters, more than 150'],
    ['duplicate block ids', [{ type: 'divider', block_id: 'a' }, { type: 'divider', block_id: 'a' }], '/1/block_id: duplicate block_id a'],
    ['a block id of 256 characters', [{ type: 'divider', block_id: 'b'.repeat(256) }], '/0/block_id: block_id must be a string of 1 to 255 characters'],
    ['markdown blocks over 12,000 characters together', [{ type: 'markdown', text: 'm'.repeat(6001) }, { type: 'markdown', text: 'm'.repeat(6000) }], ': markdown blocks total 12001 characters, more than 12000'],
    ['an image without alt text', [{ type: 'image', image_url: 'https://x.example/a.png' }], '/0/alt_text: alt_text must be 1 to 2000 characters'],
    ['26 actions', [{ type: 'actions', elements: Array.from({ length: 26 }, () => ({ type: 'button' })) }], '/0/elements: more than 25 elements (26)'],
  ])('refuses %s with invalid_blocks naming the place', (_, blocks, violation) => {
    expect(refusal(blocks)).toBe(`invalid_blocks ${violation}`);
  });

  it('accepts every limit exactly at its edge', () => {
    const blocks = [
      { type: 'header', text: plainText('h'.repeat(BLOCK_KIT_LIMITS.headerTextLength)) },
      section('s'.repeat(BLOCK_KIT_LIMITS.textObjectLength)),
      { type: 'section', fields: Array.from({ length: 10 }, () => mrkdwn('f'.repeat(BLOCK_KIT_LIMITS.sectionFieldLength))) },
      { type: 'context', elements: Array.from({ length: 10 }, () => mrkdwn('c')) },
      ...Array.from({ length: 46 }, () => ({ type: 'divider' })),
    ];
    expect(blocks).toHaveLength(50);
    expect(refusal(blocks)).toBe('accepted');
  });
});

describe('readWebhookBody', () => {
  it('refuses a body that is not JSON with invalid_payload', () => {
    expect(readWebhookBody('nope')).toMatchObject({ ok: false, error: 'invalid_payload' });
  });

  it('reads the payload field of a form', () => {
    expect(readWebhookBody(`payload=${encodeURIComponent('{"text":"hi"}')}`, 'application/x-www-form-urlencoded; charset=utf-8')).toEqual({ ok: true, message: { text: 'hi', blocks: [] } });
  });
});
