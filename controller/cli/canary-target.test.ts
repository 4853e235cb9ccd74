import { targetOf } from './canary-target.js';
import { programNameOf } from './program-name.js';

describe('targetOf', () => {
  it('takes a name with dots in the given namespace', () => {
    expect(targetOf('api.v1.10', 'shop')).toEqual({ ok: true, value: { namespace: 'shop', name: 'api.v1.10' } });
  });

  it('takes namespace/name', () => {
    expect(targetOf('pay/web', 'shop')).toEqual({ ok: true, value: { namespace: 'pay', name: 'web' } });
  });

  it.each(['', '/web', 'pay/', 'a/b/c'])('refuses %j naming the argument', (argument) => {
    const target = targetOf(argument, 'shop');
    expect(!target.ok && target.error.message).toMatch(new RegExp(`^NAME ${JSON.stringify(argument).replace(/[/.]/g, '\\$&')}: `));
  });
});

describe('programNameOf', () => {
  it.each([
    ['/usr/local/bin/kubectl-songbird', 'kubectl songbird'],
    ['/usr/lib/node_modules/songbird/dist/controller/cli/main.js', 'songbird'],
    ['/usr/local/bin/songbird', 'songbird'],
    [undefined, 'songbird'],
  ])('calls itself as %s was run: %s', (executable, name) => {
    expect(programNameOf(executable)).toBe(name);
  });
});
