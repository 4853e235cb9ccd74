import { readScaleSettings } from './settings.js';

describe('readScaleSettings', () => {
  it('measures 100, 300 and 1,000 Canaries with both controllers at 30 s when nothing is set', () => {
    const read = readScaleSettings({});
    expect(read).toEqual({
      ok: true,
      settings: expect.objectContaining({ sizes: [100, 300, 1000], controllers: ['songbird', 'flagger'], intervalSeconds: 30, steadySeconds: 120, rolloutSeconds: 240, namespaces: 10 }),
    });
  });

  it('takes the sizes, controllers and short windows of a quick run when they are set', () => {
    const read = readScaleSettings({ BENCH_SCALE_SIZES: '20, 40', BENCH_SCALE_CONTROLLERS: 'flagger', BENCH_SCALE_INTERVAL_SECONDS: '10', BENCH_SCALE_STEADY_SECONDS: '15' });
    expect(read.ok && read.settings).toEqual(expect.objectContaining({ sizes: [20, 40], controllers: ['flagger'], intervalSeconds: 10, steadySeconds: 15, rolloutSeconds: 80 }));
  });

  it('names the variable when a size is not a positive whole number', () => {
    const read = readScaleSettings({ BENCH_SCALE_SIZES: '100,abc' });
    expect(read.ok).toBe(false);
    expect(!read.ok && read.message).toContain('BENCH_SCALE_SIZES');
  });

  it('refuses a controller it cannot run', () => {
    const read = readScaleSettings({ BENCH_SCALE_CONTROLLERS: 'songbird,argo' });
    expect(!read.ok && read.message).toContain('BENCH_SCALE_CONTROLLERS');
  });
});
