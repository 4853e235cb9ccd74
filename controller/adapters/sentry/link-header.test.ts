import { parseLinkHeader } from './link-header.js';

describe('parseLinkHeader', () => {
  it('reads the next cursor and whether it has results when Sentry sends both links', () => {
    const header =
      '<https://sentry.io/api/0/organizations/acme/issues/?&cursor=0:0:1>; rel="previous"; results="false"; cursor="0:0:1", ' +
      '<https://sentry.io/api/0/organizations/acme/issues/?&cursor=0:100:0>; rel="next"; results="true"; cursor="0:100:0"';
    expect(parseLinkHeader(header)).toEqual({ previous: { cursor: '0:0:1', results: false }, next: { cursor: '0:100:0', results: true } });
  });

  it('falls back to the cursor in the URL when the attribute is missing', () => {
    expect(parseLinkHeader('<https://x/api/0/?cursor=1:2:0>; rel="next"; results="true"').next).toEqual({ cursor: '1:2:0', results: true });
  });

  it('has no links when the header is absent or garbage', () => {
    expect(parseLinkHeader(undefined)).toEqual({});
    expect(parseLinkHeader('nonsense')).toEqual({});
  });
});
