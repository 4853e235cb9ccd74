import { renderTemplate } from './promql-template.js';

describe('renderTemplate', () => {
  it('fills the Flagger template variables', () => {
    expect(renderTemplate('x{namespace="{{ namespace }}",w="{{target}}"}[{{ interval }}]', { namespace: 'shop', target: 'podinfo', interval: '30s' })).toBe(
      'x{namespace="shop",w="podinfo"}[30s]',
    );
  });
});
