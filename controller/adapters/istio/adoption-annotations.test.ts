import { adoptionAnnotations, originalSpecOf, withoutAdoptionMarks, type RecordedRouting } from './adoption-annotations.js';
import type { VirtualService } from './istio-resources.js';

const canary = { name: 'web', uid: 'uid-web' };
const vs = (annotations?: Record<string, string>): VirtualService => ({
  apiVersion: 'networking.istio.io/v1',
  kind: 'VirtualService',
  metadata: { name: 'web', namespace: 'shop', ...(annotations ? { annotations } : {}) },
  spec: { hosts: ['web'], http: [{ name: 'all', route: [{ destination: { host: 'web' } }] }] },
});

describe('adoptionAnnotations', () => {
  it('adds adopted-by and the spec as JSON when the object carries no mark', () => {
    expect(adoptionAnnotations(vs(), canary)).toEqual({ 'songbird.dev/adopted-by': 'uid-web', 'songbird.dev/original-spec': JSON.stringify(vs().spec) });
  });

  it('keeps the existing annotations untouched when adopted-by is already there', () => {
    const marked = vs({ 'songbird.dev/adopted-by': 'uid-web', 'songbird.dev/original-spec': '{"hosts":[]}', team: 'a' });
    expect(adoptionAnnotations(marked, canary)).toBe(marked.metadata.annotations);
  });
});

describe('originalSpecOf', () => {
  it.each<[string, Record<string, string> | undefined, RecordedRouting | undefined]>([
    ['the recorded spec when it is a JSON object', { 'songbird.dev/original-spec': '{"hosts":["a"]}' }, { hosts: ['a'] }],
    ['undefined when there is no record', undefined, undefined],
    ['undefined when the record is not JSON', { 'songbird.dev/original-spec': '{hosts' }, undefined],
    ['undefined when the record is JSON but not an object', { 'songbird.dev/original-spec': '[1]' }, undefined],
    ['hosts, gateways and http only when the record has other fields too', { 'songbird.dev/original-spec': '{"hosts":["a"],"gateways":["mesh"],"http":[{"name":"r"}],"exportTo":["."]}' }, { hosts: ['a'], gateways: ['mesh'], http: [{ name: 'r' }] }],
    ['undefined when the record has no hosts', { 'songbird.dev/original-spec': '{"http":"x"}' }, undefined],
    ['undefined when the record has empty hosts', { 'songbird.dev/original-spec': '{"hosts":[]}' }, undefined],
    ['undefined when the record has a host that is not a string', { 'songbird.dev/original-spec': '{"hosts":["a",2]}' }, undefined],
    ['undefined when the record has gateways that are not a string array', { 'songbird.dev/original-spec': '{"hosts":["a"],"gateways":[1]}' }, undefined],
    ['undefined when the record has http that is not an array of objects', { 'songbird.dev/original-spec': '{"hosts":["a"],"http":{"name":"r"}}' }, undefined],
  ])('is %s', (_title, annotations, expected) => {
    expect(originalSpecOf(vs(annotations))).toEqual(expected);
  });
});

describe('withoutAdoptionMarks', () => {
  it('keeps other annotations when the marks are removed', () => {
    expect(withoutAdoptionMarks({ 'songbird.dev/adopted-by': 'u', 'songbird.dev/original-spec': '{}', team: 'a' })).toEqual({ team: 'a' });
  });

  it('is undefined when only the marks were there', () => {
    expect(withoutAdoptionMarks({ 'songbird.dev/adopted-by': 'u', 'songbird.dev/original-spec': '{}' })).toBeUndefined();
  });
});
