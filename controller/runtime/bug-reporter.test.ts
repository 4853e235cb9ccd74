import { startSentryStandIn } from '../../e2e/sentry/start-sentry-stand-in.js';
import { createBugReporter } from './bug-reporter.js';

describe('createBugReporter', () => {
  it('sends an unexpected controller error to Sentry when a DSN is configured', async () => {
    const sentry = await startSentryStandIn({ projects: [{ id: '7', slug: 'songbird' }] });
    try {
      const reporter = await createBugReporter(sentry.dsnFor('7'));
      reporter.report(new TypeError('cannot read status of undefined'), { namespace: 'shop', name: 'podinfo' });
      expect(await reporter.flush(5_000)).toBe(true);
      const events = sentry.events();
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ release: 'songbird@0.1.0', environment: 'controller', exceptionType: 'TypeError' });
    } finally {
      await sentry.stop();
    }
  });

  it('does nothing, and never throws, without a DSN', async () => {
    const reporter = await createBugReporter(undefined);
    reporter.report(new Error('x'), {});
    await expect(reporter.flush()).resolves.toBe(true);
  });

});
