// The few Atlassian Document Format nodes a Songbird issue uses, typed, with
// builders. ADF: developer.atlassian.com/cloud/jira/platform/apis/document/structure
// (doc version 1; block nodes paragraph, heading, bulletList > listItem;
// inline text with marks strong, code and link). Own code rather than a
// library: the builders on npm (adf-builder) are unmaintained and untyped
// for marks, and these are a handful of object literals.

export type AdfMark = { readonly type: 'strong' } | { readonly type: 'code' } | { readonly type: 'link'; readonly attrs: { readonly href: string } };
export interface AdfText {
  readonly type: 'text';
  /** Never empty (ADF's text node has minLength 1). */
  readonly text: string;
  readonly marks?: readonly AdfMark[];
}
export interface AdfParagraph {
  readonly type: 'paragraph';
  readonly content: readonly AdfText[];
}
export interface AdfHeading {
  readonly type: 'heading';
  readonly attrs: { readonly level: 1 | 2 | 3 | 4 | 5 | 6 };
  readonly content: readonly AdfText[];
}
export interface AdfListItem {
  readonly type: 'listItem';
  readonly content: readonly AdfParagraph[];
}
export interface AdfBulletList {
  readonly type: 'bulletList';
  readonly content: readonly AdfListItem[];
}
export type AdfBlock = AdfParagraph | AdfHeading | AdfBulletList;
export interface AdfDoc {
  readonly type: 'doc';
  readonly version: 1;
  readonly content: readonly AdfBlock[];
}

/** A text node; empty text becomes a single space (ADF refuses empty text nodes). */
export function text(value: string, ...marks: AdfMark[]): AdfText {
  return { type: 'text', text: value === '' ? ' ' : value, ...(marks.length > 0 ? { marks } : {}) };
}
export const strong: AdfMark = { type: 'strong' };
export const code: AdfMark = { type: 'code' };
export function link(href: string): AdfMark {
  return { type: 'link', attrs: { href } };
}
export function paragraph(...content: AdfText[]): AdfParagraph {
  return { type: 'paragraph', content };
}
export function heading(level: AdfHeading['attrs']['level'], value: string): AdfHeading {
  return { type: 'heading', attrs: { level }, content: [text(value)] };
}
export function bulletList(items: readonly AdfText[][]): AdfBulletList {
  return { type: 'bulletList', content: items.map((item) => ({ type: 'listItem', content: [paragraph(...item)] })) };
}
export function doc(...content: AdfBlock[]): AdfDoc {
  return { type: 'doc', version: 1, content };
}
