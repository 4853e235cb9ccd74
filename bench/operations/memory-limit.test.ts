import { fileURLToPath } from 'node:url';
import { memoryLimitMiB, quantityMiB } from './memory-limit.js';

describe('memoryLimitMiB', () => {
  it('reads 512 when config/manager/deployment.yaml limits memory to 512Mi', () => {
    expect(memoryLimitMiB(fileURLToPath(new URL('../../config/manager/deployment.yaml', import.meta.url)))).toBe(512);
  });

  it('converts Gi and plain bytes when the quantity uses them', () => {
    expect(quantityMiB('1Gi')).toBe(1024);
    expect(quantityMiB('536870912')).toBe(512);
    expect(quantityMiB('1G')).toBeUndefined();
  });
});
