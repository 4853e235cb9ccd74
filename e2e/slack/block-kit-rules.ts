// The Block Kit rules Slack applies to a message's `blocks` before it posts
// it: each broken rule is answered `400 invalid_blocks`. Limits come from
// docs.slack.dev/reference/block-kit/blocks (and each block's page) and
// composition-objects/text-object, as also written in @slack/types' JSDoc.
// Lengths are counted in UTF-16 code units, which is never fewer than the
// characters Slack counts: the stand-in errs on the strict side.
import type { KnownBlock } from '@slack/types';

/** One broken rule: where (a JSON pointer into `blocks`, as blocks.validate reports it) and what. */
export interface BlockViolation {
  readonly pointer: string;
  readonly rule: string;
}

export const BLOCK_KIT_LIMITS = {
  /** "You can include up to 50 blocks in each message" (blocks reference). */
  blocksPerMessage: 50,
  blockIdLength: 255,
  /** Text object: "minimum length is 1 and maximum length is 3000 characters". */
  textObjectLength: 3000,
  sectionFields: 10,
  sectionFieldLength: 2000,
  contextElements: 10,
  headerTextLength: 150,
  /** Markdown block: 12,000 characters, cumulative over the message's markdown blocks. */
  markdownLength: 12_000,
  actionsElements: 25,
  imageAltTextLength: 2000,
  imageUrlLength: 3000,
  imageTitleLength: 2000,
  inputLabelLength: 2000,
  videoTitleLength: 199,
} as const;

/** Every block type @slack/types knows; tsc fails below when the library adds one that is not listed. */
export const KNOWN_BLOCK_TYPES = [
  'actions', 'alert', 'card', 'carousel', 'container', 'context', 'context_actions', 'data_table', 'divider', 'file',
  'header', 'image', 'input', 'markdown', 'plan', 'rich_text', 'section', 'table', 'task_card', 'video',
] as const satisfies readonly KnownBlock['type'][];
type Unlisted = Exclude<KnownBlock['type'], (typeof KNOWN_BLOCK_TYPES)[number]>;
const everyKnownTypeListed: [Unlisted] extends [never] ? true : Unlisted = true;
void everyKnownTypeListed;

const KNOWN = new Set<string>(KNOWN_BLOCK_TYPES);
const RICH_TEXT_ELEMENTS = new Set(['rich_text_section', 'rich_text_list', 'rich_text_quote', 'rich_text_preformatted']);

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Checks a message's blocks as Slack does; an empty list means Slack accepts them. */
export function blockKitViolations(blocks: readonly unknown[]): BlockViolation[] {
  const found: BlockViolation[] = [];
  const say = (pointer: string, rule: string): void => void found.push({ pointer, rule });
  if (blocks.length > BLOCK_KIT_LIMITS.blocksPerMessage) say('', `more than ${BLOCK_KIT_LIMITS.blocksPerMessage} blocks (${blocks.length})`);
  const blockIds = new Set<string>();
  let markdown = 0;
  blocks.forEach((block, index) => {
    const at = `/${index}`;
    if (!isObject(block)) return say(at, 'a block must be an object');
    if (typeof block.type !== 'string' || !KNOWN.has(block.type)) return say(`${at}/type`, `unknown block type ${JSON.stringify(block.type)}`);
    if (block.block_id !== undefined) {
      if (typeof block.block_id !== 'string' || block.block_id.length === 0 || block.block_id.length > BLOCK_KIT_LIMITS.blockIdLength) {
        say(`${at}/block_id`, `block_id must be a string of 1 to ${BLOCK_KIT_LIMITS.blockIdLength} characters`);
      } else if (blockIds.has(block.block_id)) say(`${at}/block_id`, `duplicate block_id ${block.block_id}`);
      else blockIds.add(block.block_id);
    }
    if (block.type === 'markdown' && typeof block.text === 'string') markdown += block.text.length;
    BLOCK_RULES[block.type]?.(block, at, say);
  });
  if (markdown > BLOCK_KIT_LIMITS.markdownLength) say('', `markdown blocks total ${markdown} characters, more than ${BLOCK_KIT_LIMITS.markdownLength}`);
  return found;
}

type Say = (pointer: string, rule: string) => void;

/** A text object: plain_text or mrkdwn, 1 to `max` characters. */
function textObject(value: unknown, at: string, max: number, say: Say, only?: 'plain_text'): void {
  if (!isObject(value)) return say(at, 'a text object is required');
  const allowed = only ? [only] : ['plain_text', 'mrkdwn'];
  if (typeof value.type !== 'string' || !allowed.includes(value.type)) say(`${at}/type`, `text type must be ${allowed.join(' or ')}`);
  if (typeof value.text !== 'string' || value.text.length === 0) return say(`${at}/text`, 'text must be a non-empty string');
  if (value.text.length > max) say(`${at}/text`, `text is ${value.text.length} characters, more than ${max}`);
  if (value.type === 'plain_text' && value.emoji !== undefined && typeof value.emoji !== 'boolean') say(`${at}/emoji`, 'emoji must be a boolean');
  if (value.type === 'mrkdwn' && value.verbatim !== undefined && typeof value.verbatim !== 'boolean') say(`${at}/verbatim`, 'verbatim must be a boolean');
}

function list(value: unknown, at: string, name: string, max: number, say: Say): unknown[] {
  if (!Array.isArray(value) || value.length === 0) {
    say(at, `${name} must be a non-empty array`);
    return [];
  }
  if (value.length > max) say(at, `more than ${max} ${name} (${value.length})`);
  return value;
}

function imageSource(value: Json, at: string, say: Say): void {
  if (typeof value.image_url === 'string') {
    if (value.image_url.length === 0 || value.image_url.length > BLOCK_KIT_LIMITS.imageUrlLength) say(`${at}/image_url`, `image_url must be 1 to ${BLOCK_KIT_LIMITS.imageUrlLength} characters`);
  } else if (!isObject(value.slack_file)) say(at, 'an image needs image_url or slack_file');
  if (typeof value.alt_text !== 'string' || value.alt_text.length === 0 || value.alt_text.length > BLOCK_KIT_LIMITS.imageAltTextLength) {
    say(`${at}/alt_text`, `alt_text must be 1 to ${BLOCK_KIT_LIMITS.imageAltTextLength} characters`);
  }
}

function typedElements(value: unknown, at: string, name: string, max: number, say: Say): void {
  list(value, `${at}/elements`, name, max, say).forEach((element, i) => {
    if (!isObject(element) || typeof element.type !== 'string') say(`${at}/elements/${i}`, 'an element needs a type');
  });
}

/** Shape rules per block type; types without an entry are only checked for being known. */
const BLOCK_RULES: Partial<Record<string, (block: Json, at: string, say: Say) => void>> = {
  section(block, at, say) {
    if (block.text === undefined && block.fields === undefined) return say(at, 'a section needs text or fields');
    if (block.text !== undefined) textObject(block.text, `${at}/text`, BLOCK_KIT_LIMITS.textObjectLength, say);
    if (block.fields !== undefined) {
      list(block.fields, `${at}/fields`, 'fields', BLOCK_KIT_LIMITS.sectionFields, say).forEach((field, i) =>
        textObject(field, `${at}/fields/${i}`, BLOCK_KIT_LIMITS.sectionFieldLength, say),
      );
    }
    if (block.accessory !== undefined && (!isObject(block.accessory) || typeof block.accessory.type !== 'string')) say(`${at}/accessory`, 'an accessory needs a type');
  },
  context(block, at, say) {
    list(block.elements, `${at}/elements`, 'elements', BLOCK_KIT_LIMITS.contextElements, say).forEach((element, i) => {
      const where = `${at}/elements/${i}`;
      if (isObject(element) && element.type === 'image') imageSource(element, where, say);
      else textObject(element, where, BLOCK_KIT_LIMITS.textObjectLength, say);
    });
  },
  header(block, at, say) {
    textObject(block.text, `${at}/text`, BLOCK_KIT_LIMITS.headerTextLength, say, 'plain_text');
  },
  markdown(block, at, say) {
    if (typeof block.text !== 'string' || block.text.length === 0) say(`${at}/text`, 'text must be a non-empty string');
  },
  image(block, at, say) {
    imageSource(block, at, say);
    if (block.title !== undefined) textObject(block.title, `${at}/title`, BLOCK_KIT_LIMITS.imageTitleLength, say, 'plain_text');
  },
  actions(block, at, say) {
    typedElements(block.elements, at, 'elements', BLOCK_KIT_LIMITS.actionsElements, say);
  },
  rich_text(block, at, say) {
    list(block.elements, `${at}/elements`, 'elements', Number.POSITIVE_INFINITY, say).forEach((element, i) => {
      if (!isObject(element) || typeof element.type !== 'string' || !RICH_TEXT_ELEMENTS.has(element.type)) say(`${at}/elements/${i}`, 'not a rich text element');
    });
  },
  input(block, at, say) {
    textObject(block.label, `${at}/label`, BLOCK_KIT_LIMITS.inputLabelLength, say, 'plain_text');
    if (!isObject(block.element) || typeof block.element.type !== 'string') say(`${at}/element`, 'an input needs an element');
  },
  video(block, at, say) {
    for (const field of ['alt_text', 'video_url', 'thumbnail_url'] as const) {
      if (typeof block[field] !== 'string' || block[field] === '') say(`${at}/${field}`, `${field} is required`);
    }
    textObject(block.title, `${at}/title`, BLOCK_KIT_LIMITS.videoTitleLength, say, 'plain_text');
  },
  file(block, at, say) {
    if (typeof block.external_id !== 'string' || block.external_id === '') say(`${at}/external_id`, 'external_id is required');
    if (block.source !== 'remote') say(`${at}/source`, 'source must be remote');
  },
};
