import { ApiException } from '@kubernetes/client-node';
import { errorFromException, UnexpectedAnswer } from './kubernetes-errors.js';

const apiError = (code: number, message: string) => new ApiException(code, 'Unknown API Status Code!', JSON.stringify({ kind: 'Status', message }), {});

describe('errorFromException', () => {
  it.each([
    [404, 'notFound', false],
    [409, 'conflict', true],
    [403, 'forbidden', false],
    [422, 'invalid', false],
    [500, 'server', true],
    [429, 'server', true],
  ])('turns HTTP %p into %p (retryable %p)', (status, code, retryable) => {
    expect(errorFromException('read Deployment shop/web', apiError(status, 'why'))).toMatchObject({ code, retryable, status });
  });

  it('says what was attempted and quotes the apiserver', () => {
    const error = errorFromException('read Deployment shop/web', apiError(403, 'deployments.apps "web" is forbidden'));
    expect(error.message).toBe('Not allowed to read Deployment shop/web (403): check Songbird\'s RBAC: deployments.apps "web" is forbidden');
  });

  it('recognises a create that found the object already there', () => {
    expect(errorFromException('create Event', apiError(409, 'events "x" already exists')).code).toBe('alreadyExists');
  });

  it('treats an exception without a status as a retryable network failure, keeping the cause', () => {
    const cause = new Error('connect ECONNREFUSED 127.0.0.1:6443');
    expect(errorFromException('list Canaries', cause)).toMatchObject({ code: 'network', retryable: true, cause });
  });

  it('says what was wrong with a 2xx answer that is not what the apiserver sends, keeping it out when sensitive', () => {
    const answer = new UnexpectedAnswer(200, 'GET /x answered 200 with null instead of a JSON object');
    expect(errorFromException('read Deployment shop/web', answer)).toMatchObject({
      code: 'badResponse',
      status: 200,
      retryable: false,
      message: 'Unexpected answer (200) to the request to read Deployment shop/web: GET /x answered 200 with null instead of a JSON object',
    });
    expect(errorFromException('read Secret shop/slack', answer, { sensitive: true }).message).toBe('Unexpected answer (200) to the request to read Secret shop/slack');
  });

  it('keeps nothing of the exception text when it is sensitive', () => {
    const error = errorFromException('read Secret shop/slack', new Error('https://hooks.slack.com/secret'), { sensitive: true });
    expect(JSON.stringify({ ...error, cause: String(error.cause) })).not.toContain('hooks.slack.com');
  });
});
