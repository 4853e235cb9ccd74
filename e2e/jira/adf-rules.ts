// What Jira checks of an Atlassian Document Format value, one violation per
// broken rule with its JSON pointer. Rules from ADF's JSON schema
// (@atlaskit/adf-schema json-schema/v1/full.json: doc_node, paragraph_node,
// heading_node, bulletList_node, orderedList_node, listItem_node, text_node,
// hardBreak_node, rule_node, codeBlock_node, blockquote_node and the marks)
// and developer.atlassian.com/cloud/jira/platform/apis/document/structure.

export interface AdfViolation {
  readonly pointer: string;
  readonly rule: string;
}

const MARKS = new Set(['strong', 'em', 'code', 'strike', 'underline', 'link', 'subsup', 'textColor']);
/** Block nodes and what each may contain ('inline' = text/hardBreak). */
const BLOCKS: Record<string, 'inline' | 'blocks' | 'listItems' | 'text'> = {
  paragraph: 'inline',
  heading: 'inline',
  bulletList: 'listItems',
  orderedList: 'listItems',
  blockquote: 'blocks',
  codeBlock: 'text',
  rule: 'inline',
};

type Node = Record<string, unknown>;

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Every rule `value` breaks as a Jira rich-text field value; none when it is a valid ADF document. */
export function adfViolations(value: unknown): AdfViolation[] {
  const out: AdfViolation[] = [];
  if (!isNode(value)) return [{ pointer: '', rule: 'an ADF document is a JSON object' }];
  if (value.type !== 'doc') out.push({ pointer: '/type', rule: 'the root node is of type "doc"' });
  if (value.version !== 1) out.push({ pointer: '/version', rule: 'version is 1' });
  if (!Array.isArray(value.content)) out.push({ pointer: '/content', rule: 'doc has a content array' });
  else value.content.forEach((child, i) => block(child, `/content/${i}`, out));
  return out;
}

function block(node: unknown, pointer: string, out: AdfViolation[]): void {
  if (!isNode(node) || typeof node.type !== 'string' || !(node.type in BLOCKS)) {
    out.push({ pointer: `${pointer}/type`, rule: `a block node (${Object.keys(BLOCKS).join(', ')})` });
    return;
  }
  if (node.type === 'heading') {
    const level = isNode(node.attrs) ? node.attrs.level : undefined;
    if (typeof level !== 'number' || !Number.isInteger(level) || level < 1 || level > 6) out.push({ pointer: `${pointer}/attrs/level`, rule: 'heading level is 1 to 6' });
  }
  const kind = BLOCKS[node.type]!;
  if (node.type === 'rule') return;
  const content = node.content;
  if (content === undefined && (kind === 'inline' || kind === 'text')) return;
  if (!Array.isArray(content)) {
    out.push({ pointer: `${pointer}/content`, rule: `${node.type} has a content array` });
    return;
  }
  if ((kind === 'listItems' || kind === 'blocks') && content.length === 0) out.push({ pointer: `${pointer}/content`, rule: `${node.type} has at least one child` });
  content.forEach((child, i) => {
    const at = `${pointer}/content/${i}`;
    if (kind === 'inline' || kind === 'text') inline(child, at, out, kind === 'text');
    else if (kind === 'blocks') block(child, at, out);
    else listItem(child, at, out);
  });
}

function listItem(node: unknown, pointer: string, out: AdfViolation[]): void {
  if (!isNode(node) || node.type !== 'listItem') {
    out.push({ pointer: `${pointer}/type`, rule: 'a list holds listItem nodes' });
    return;
  }
  if (!Array.isArray(node.content) || node.content.length === 0) {
    out.push({ pointer: `${pointer}/content`, rule: 'listItem has at least one child' });
    return;
  }
  node.content.forEach((child, i) => block(child, `${pointer}/content/${i}`, out));
}

function inline(node: unknown, pointer: string, out: AdfViolation[], textOnly: boolean): void {
  if (!isNode(node)) {
    out.push({ pointer, rule: 'an inline node is an object' });
    return;
  }
  if (node.type === 'hardBreak' && !textOnly) return;
  if (node.type !== 'text') {
    out.push({ pointer: `${pointer}/type`, rule: textOnly ? 'codeBlock holds text nodes' : 'an inline node (text, hardBreak)' });
    return;
  }
  if (typeof node.text !== 'string' || node.text.length === 0) out.push({ pointer: `${pointer}/text`, rule: 'text is a non-empty string' });
  if (node.marks === undefined) return;
  if (!Array.isArray(node.marks)) {
    out.push({ pointer: `${pointer}/marks`, rule: 'marks is an array' });
    return;
  }
  node.marks.forEach((mark, i) => {
    const at = `${pointer}/marks/${i}`;
    if (!isNode(mark) || typeof mark.type !== 'string' || !MARKS.has(mark.type)) out.push({ pointer: `${at}/type`, rule: `a mark (${[...MARKS].join(', ')})` });
    else if (mark.type === 'link' && !(isNode(mark.attrs) && typeof mark.attrs.href === 'string')) out.push({ pointer: `${at}/attrs/href`, rule: 'a link mark has attrs.href' });
  });
}
