import { imageNodeOptions } from './image-node-options.js';

describe('imageNodeOptions', () => {
  it('reads the heap settings the controller image runs with from the Dockerfile', () => {
    expect(imageNodeOptions()).toMatch(/--max-old-space-size=\d+/);
    expect(imageNodeOptions()).toMatch(/--max-semi-space-size=\d+/);
  });

  it('takes them from the last stage only, and refuses a Dockerfile without them', () => {
    const dockerfile = 'FROM a AS b\nENV NODE_OPTIONS="--builder"\nFROM c\nENV NODE_OPTIONS="--runtime"\n';
    expect(imageNodeOptions(dockerfile)).toBe('--runtime');
    expect(() => imageNodeOptions('FROM a\nENV NODE_OPTIONS="--x"\nFROM b\n')).toThrow(/no ENV NODE_OPTIONS/);
  });
});
