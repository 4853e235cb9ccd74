// HS256 test tokens for the traffic generator's internal users. The mesh does
// not verify them (it plays a RequestAuthentication that trusts the issuer).
import { createHmac } from 'node:crypto';

export const TEST_JWT_ISSUER = 'songbird-mesh-test';
const TEST_JWT_SECRET = 'songbird-mesh-test-secret';

export function signTestJwt(claims: Readonly<Record<string, unknown>>, secret: string = TEST_JWT_SECRET): string {
  const encode = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode({ iss: TEST_JWT_ISSUER, sub: 'songbird-test-user', ...claims })}`;
  const signature = createHmac('sha256', secret).update(unsigned).digest('base64url');
  return `${unsigned}.${signature}`;
}
