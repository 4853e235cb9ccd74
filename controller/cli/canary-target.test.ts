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

  it.each(['.', '..', 'shop/..', 'Web', '-web', 'web-', 'a_b', `${'a'.repeat(250)}.bcd`])('refuses %j, which is not a Kubernetes name, before any request', (argument) => {
    const target = targetOf(argument, 'shop');
    expect(!target.ok && target.error.message).toContain('not a Kubernetes name');
  });

  it('takes a 253-character name with dots', () => {
    const name = `${'a'.repeat(61)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}`;
    expect(targetOf(name, 'shop').ok).toBe(true);
  });

  it.each(['..', 'Shop', 'a.b', 'x'.repeat(64)])('refuses namespace %j, which is not a DNS-1123 label', (namespace) => {
    expect(targetOf(`${namespace}/web`, 'shop').ok).toBe(false);
    const target = targetOf('web', namespace);
    expect(!target.ok && target.error.message).toContain('not a namespace name');
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
