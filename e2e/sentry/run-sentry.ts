// Runs the Sentry stand-in for the demo: prints its URL, a DSN per project
// and the API token, and stops on SIGINT/SIGTERM.
//   npx tsx e2e/sentry/run-sentry.ts [--port 9000] [--org acme] [--project 1:shop] [--page-size 100]
import { parseArgs } from 'node:util';
import { startSentryStandIn } from './start-sentry-stand-in.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    org: { type: 'string', default: 'acme' },
    project: { type: 'string', multiple: true, default: ['1:shop'] },
    'page-size': { type: 'string', default: '100' },
    token: { type: 'string' },
  },
});

const projects = values.project.map((spec) => {
  const [id, slug] = spec.split(':');
  if (!id || !/^\d+$/.test(id) || !slug) throw new Error(`--project wants <numeric id>:<slug>, got ${spec}`);
  return { id, slug };
});

const standIn = await startSentryStandIn({
  port: Number(values.port),
  organization: values.org,
  projects,
  pageSize: Number(values['page-size']),
  ...(values.token ? { token: values.token } : {}),
});

process.stdout.write(`Sentry stand-in listening on ${standIn.url}\n`);
process.stdout.write(`organization: ${standIn.organization}\n`);
for (const p of projects) process.stdout.write(`DSN for project ${p.slug} (${p.id}): ${standIn.dsnFor(p.id)}\n`);
process.stdout.write(`API token (Bearer): ${standIn.token}\n`);

let stopping = false;
const stop = (signal: string) => {
  if (stopping) return;
  stopping = true;
  process.stdout.write(`${signal}: stopping the Sentry stand-in\n`);
  standIn.stop().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
