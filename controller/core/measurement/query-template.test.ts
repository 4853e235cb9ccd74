import { renderQuery } from './query-template.js';

describe('renderQuery', () => {
  it('fills the Flagger template variables, with or without spaces inside the braces', () => {
    expect(renderQuery('x{namespace="{{ namespace }}",w="{{target}}"}[{{ interval }}]', { namespace: 'shop', target: 'podinfo', interval: '30s' })).toBe(
      'x{namespace="shop",w="podinfo"}[30s]',
    );
  });

  it('leaves any other {{ ... }} as written', () => {
    expect(renderQuery('ts("{{ cluster }}", env={{namespace}})', { namespace: 'shop', target: 'podinfo', interval: '1m' })).toBe('ts("{{ cluster }}", env=shop)');
  });
});
