import { canaryStructuralSchema, unknownFields, type StructuralSchema } from './unknown-fields.js';

describe('unknownFields', () => {
  const schema: StructuralSchema = {
    type: 'object',
    properties: {
      a: { type: 'object', properties: { b: { type: 'string' } } },
      list: { type: 'array', items: { type: 'object', properties: { x: { type: 'integer' } } } },
      map: { type: 'object', additionalProperties: { type: 'object', properties: { v: { type: 'string' } } } },
      free: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
      anything: {},
    },
  };

  it('lists each undeclared field by its path, with [i] for list items, as the apiserver does', () => {
    expect(unknownFields({ a: { b: 'x', c: 1 }, list: [{ x: 1 }, { x: 2, y: 3 }], top: true }, schema)).toEqual(['a.c', 'list[1].y', 'top']);
  });

  it('checks the values of an additionalProperties map and takes any field under preserve-unknown-fields', () => {
    expect(unknownFields({ map: { k: { v: 'a', w: 'b' } }, free: { any: { thing: 1 } }, anything: { q: 1 } }, schema)).toEqual(['map.k.w']);
  });

  it('refuses every field of an object schema that declares none', () => {
    expect(unknownFields({ a: 1 }, { type: 'object' })).toEqual(['a']);
  });

  it("finds nothing in a Canary with only the CRD's fields and ObjectMeta's", () => {
    const canary = {
      apiVersion: 'songbird.dev/v1alpha1', kind: 'Canary',
      metadata: { name: 'web', namespace: 'shop', labels: { a: 'b' }, annotations: { c: 'd' } },
      spec: { targetRef: { name: 'web' }, service: { port: 8080 }, stages: { steps: [{ weight: 10 }] } },
    };
    expect(unknownFields(canary, canaryStructuralSchema())).toEqual([]);
  });

  it("finds fields the Canary CRD's schema does not declare, in spec, metadata and at the top", () => {
    const canary = { apiVersion: 'songbird.dev/v1alpha1', kind: 'Canary', metadata: { name: 'web', labelz: {} }, specs: {}, spec: { service: { port: 1, gatways: [] } } };
    expect(unknownFields(canary, canaryStructuralSchema())).toEqual(['metadata.labelz', 'specs', 'spec.service.gatways']);
  });
});
