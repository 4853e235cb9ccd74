import { detailOf, errorFromStatus } from './sentry-errors.js';

const target = { baseUrl: 'http://x', organization: 'acme', projects: [], token: 'sntrys_secret' };

describe('detailOf', () => {
  it.each([
    ['{"detail": "Invalid token"}', 'Invalid token'],
    ['{"name": ["Ensure this field has no more than 64 characters."]}', 'name: Ensure this field has no more than 64 characters.'],
    ['{"version": ["Release with name latest is not allowed"], "projects": ["This field is required."]}', 'version: Release with name latest is not allowed; projects: This field is required.'],
    ['{"non_field_errors": ["Invalid data. Expected a dictionary, but got list."]}', 'Invalid data. Expected a dictionary, but got list.'],
    ['"You are attempting to use this endpoint too frequently. Limit is 40 requests in 1 seconds"', 'You are attempting to use this endpoint too frequently. Limit is 40 requests in 1 seconds'],
    ['{"detail": {"message": "system.url-prefix is not set", "code": "x"}}', 'system.url-prefix is not set'],
    ['["one", "two"]', 'one; two'],
    ['<html>bad gateway</html>', '<html>bad gateway</html>'],
  ])('reads Sentry\'s own words from %s', (body, expected) => {
    expect(detailOf(body, 'sntryu_t0k3n')).toBe(expected);
  });

  it('has nothing to say about an empty body or an empty object', () => {
    expect(detailOf('', 'sntryu_t0k3n')).toBeUndefined();
    expect(detailOf('{}', 'sntryu_t0k3n')).toBeUndefined();
  });

  it('redacts the token', () => {
    expect(detailOf('{"detail": "bad sntryu_t0k3n here"}', 'sntryu_t0k3n')).toBe('bad [redacted] here');
  });

  it('redacts a token that straddles the 300th code point before clipping, so none of its head leaks', () => {
    const detail = detailOf(JSON.stringify({ detail: `${'x'.repeat(295)}sntryu_t0k3n` }), 'sntryu_t0k3n');
    expect(detail).not.toMatch(/sntr/);
    expect([...detail!].length).toBeLessThanOrEqual(300);
  });

  it('redacts a Bearer credential Sentry echoes back', () => {
    expect(detailOf('{"detail": "Invalid header Bearer sntryu_other"}', 'sntryu_t0k3n')).toBe('Invalid header Bearer [redacted]');
  });
});

describe('errorFromStatus', () => {
  it('tells an organization auth token apart in a 403, naming the scope the endpoint needs', () => {
    const error = errorFromStatus(target, { action: 'read events', scope: 'org:read' }, 403, undefined, undefined);
    expect(error.message).toBe(
      'Sentry token for organization acme lacks the scope to read events (org:read); the token is an organization auth token (sntrys_…), which carries only org:ci: use an internal integration or a user auth token with org:read',
    );
    expect(error.message).not.toContain('secret');
  });

  it('keeps Sentry\'s field errors in the message of a 400', () => {
    const error = errorFromStatus(target, { action: 'create deploys', scope: 'project:releases' }, 400, 'name: Ensure this field has no more than 64 characters.', undefined);
    expect(error).toMatchObject({ code: 'badRequest', retryable: false, message: 'Sentry refused the request to create deploys for organization acme (400): name: Ensure this field has no more than 64 characters.' });
  });
});
