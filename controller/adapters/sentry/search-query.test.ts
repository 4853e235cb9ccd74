import { errorEventsQuery, levelTerm, newIssuesQuery, quoted } from './search-query.js';

describe('search query', () => {
  it('quotes values and escapes quotes and backslashes', () => {
    expect(quoted('shop@2.0.0')).toBe('"shop@2.0.0"');
    expect(quoted('a "b" \\c')).toBe('"a \\"b\\" \\\\c"');
  });

  it.each([
    [['error'], 'level:error'],
    [['error', 'fatal'], 'level:[error,fatal]'],
    [['Error; drop'], undefined],
    [[], undefined],
  ])('builds the level term for %j', (levels, expected) => {
    expect(levelTerm(levels)).toBe(expected);
  });

  it('asks for issues first seen in the release, with levels when given', () => {
    expect(newIssuesQuery('shop@2.0.0')).toBe('firstRelease:"shop@2.0.0"');
    expect(newIssuesQuery('shop@2.0.0', ['fatal'])).toBe('firstRelease:"shop@2.0.0" level:fatal');
  });

  it('asks for error events of the release', () => {
    expect(errorEventsQuery('shop@2.0.0')).toBe('release:"shop@2.0.0" event.type:error');
  });
});
