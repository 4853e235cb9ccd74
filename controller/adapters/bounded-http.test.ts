import { describe, expect, it } from '@jest/globals';
import { transportFailure } from './bounded-http.js';

describe('transportFailure', () => {
  it('reads a passed deadline or idle timeout as timeout, an answer over maxContentLength as tooLarge, anything else as unreachable', () => {
    expect(transportFailure({ code: 'ECONNABORTED', message: 'canceled' })).toEqual({ kind: 'timeout', code: 'ECONNABORTED' });
    expect(transportFailure({ code: 'ETIMEDOUT', message: 'timeout of 10ms exceeded' })).toEqual({ kind: 'timeout', code: 'ETIMEDOUT' });
    expect(transportFailure({ code: 'ERR_BAD_RESPONSE', message: 'maxContentLength size of 10 exceeded' })).toEqual({ kind: 'tooLarge', code: 'ERR_BAD_RESPONSE' });
    expect(transportFailure({ code: 'ERR_BAD_RESPONSE', message: 'something else' })).toEqual({ kind: 'unreachable', code: 'ERR_BAD_RESPONSE' });
    expect(transportFailure({ code: 'ECONNREFUSED' })).toEqual({ kind: 'unreachable', code: 'ECONNREFUSED' });
    expect(transportFailure('boom')).toEqual({ kind: 'unreachable', code: undefined });
  });
});
