import type { InternalMatch } from '../../schema/canary-spec.js';
import { cookieRegex, istioMatch, istioMatches } from './internal-match.js';

describe('istioMatch', () => {
  it.each<[string, InternalMatch, Record<string, unknown>]>([
    ['an exact header', { header: { name: 'X-Internal', exact: 'yes' } }, { 'x-internal': { exact: 'yes' } }],
    ['a header prefix', { header: { name: 'x-user', prefix: 'staff-' } }, { 'x-user': { prefix: 'staff-' } }],
    ['a header regex', { header: { name: 'x-user', regex: '.*@acme\\.com' } }, { 'x-user': { regex: '.*@acme\\.com' } }],
    ['a cookie name and value', { cookie: { name: 'canary', value: 'always' } }, { cookie: { regex: '^(.*?;\\s*)?(canary=always)(;.*)?$' } }],
    ['a cookie regex, as given', { cookie: { regex: '^.*beta=1.*$' } }, { cookie: { regex: '^.*beta=1.*$' } }],
    ['a JWT claim', { jwtClaim: { name: 'groups', exact: 'staff' } }, { '@request.auth.claims.groups': { exact: 'staff' } }],
    [
      'a header, a cookie and a claim together (ANDed in one entry)',
      { header: { name: 'x-a', exact: '1' }, cookie: { name: 'b', value: '2' }, jwtClaim: { name: 'org', prefix: 'acme' } },
      { 'x-a': { exact: '1' }, cookie: { regex: '^(.*?;\\s*)?(b=2)(;.*)?$' }, '@request.auth.claims.org': { prefix: 'acme' } },
    ],
  ])('translates %s', (_title, match, headers) => {
    expect(istioMatch(match)).toEqual({ ok: true, value: { headers } });
  });

  it('gives one Istio match entry per internal match (ORed)', () => {
    const result = istioMatches([{ header: { name: 'x-a', exact: '1' } }, { jwtClaim: { name: 'sub', exact: 'alice' } }]);
    expect(result.ok && result.value).toEqual([{ headers: { 'x-a': { exact: '1' } } }, { headers: { '@request.auth.claims.sub': { exact: 'alice' } } }]);
  });

  it('refuses a header match on the cookie header together with a cookie match', () => {
    const result = istioMatch({ header: { name: 'Cookie', regex: '.*' }, cookie: { name: 'a', value: 'b' } });
    expect(!result.ok && result.error.code).toBe('invalid');
  });
});

describe('cookieRegex', () => {
  const matches = (name: string, value: string, header: string) => new RegExp(cookieRegex(name, value)).test(header);

  it.each([
    ['the only cookie', 'canary=always'],
    ['the first of several', 'canary=always; theme=dark'],
    ['the last of several', 'theme=dark; canary=always'],
    ['in the middle, without spaces', 'a=1;canary=always;b=2'],
  ])('matches the cookie as %s', (_where, header) => {
    expect(matches('canary', 'always', header)).toBe(true);
  });

  it.each([
    ['another value', 'canary=never'],
    ['a longer name', 'xcanary=always'],
    ['a longer value', 'canary=always2'],
    ['no cookie', ''],
  ])('does not match %s', (_what, header) => {
    expect(matches('canary', 'always', header)).toBe(false);
  });

  it('treats regex characters in the name and value literally', () => {
    expect(matches('a.b', 'x+y', 'a.b=x+y')).toBe(true);
    expect(matches('a.b', 'x+y', 'aXb=xxy')).toBe(false);
  });
});
