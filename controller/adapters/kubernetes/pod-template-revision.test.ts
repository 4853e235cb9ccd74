import { canonicalJson, podTemplateRevision } from './pod-template-revision.js';

describe('podTemplateRevision', () => {
  const template = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'web:1' }] } };

  it('is 10 hex characters', () => {
    expect(podTemplateRevision(template)).toMatch(/^[0-9a-f]{10}$/);
  });

  it('is the same when only the order of keys differs', () => {
    const reordered = { spec: { containers: [{ image: 'web:1', name: 'app' }] }, metadata: { labels: { app: 'web' } } };
    expect(podTemplateRevision(reordered)).toBe(podTemplateRevision(template));
  });

  it('ignores undefined fields', () => {
    expect(podTemplateRevision({ ...template, status: undefined })).toBe(podTemplateRevision(template));
  });

  it('changes when the image changes', () => {
    const next = { ...template, spec: { containers: [{ name: 'app', image: 'web:2' }] } };
    expect(podTemplateRevision(next)).not.toBe(podTemplateRevision(template));
  });

  it('changes when only a field client-node has no model for changes (spec.schedulingGroup, Kubernetes 1.36)', () => {
    const grouped = (podGroupName: string) => ({ ...template, spec: { ...template.spec, schedulingGroup: { podGroupName } } });
    expect(podTemplateRevision(grouped('a'))).not.toBe(podTemplateRevision(grouped('b')));
    expect(podTemplateRevision(grouped('a'))).not.toBe(podTemplateRevision(template));
  });

  it('keeps the order of arrays significant', () => {
    expect(canonicalJson([1, 2])).not.toBe(canonicalJson([2, 1]));
  });
});
