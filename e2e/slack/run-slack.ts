// The Slack stand-in for the demo: prints the webhook URL to put in the
// Canary's Secret, then each message's text as it arrives, until SIGINT/SIGTERM.
//   npx tsx e2e/slack/run-slack.ts [--port 8099] [--secret demo]
import { parseArgs } from 'node:util';
import { startSlackStandIn, type SlackStandInMessage } from './slack-stand-in.js';

function printMessage(message: SlackStandInMessage): void {
  const time = message.receivedAt.toISOString().slice(11, 19);
  process.stdout.write(`\n── ${time} ${message.path}\n${message.body.text}\n`);
}

const { values } = parseArgs({ options: { port: { type: 'string', default: '0' }, secret: { type: 'string' } } });
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  process.stderr.write(`run-slack: --port must be a port number, not ${values.port}\n`);
  process.exit(2);
}

const standIn = await startSlackStandIn({ port, secret: values.secret, onMessage: printMessage });
process.stdout.write(`Slack stand-in listening; webhook URL:\n${standIn.url}\n`);

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  await standIn.stop();
  const count = standIn.messages().length;
  process.stdout.write(`\nSlack stand-in stopped (${signal}) after ${count} message${count === 1 ? '' : 's'}\n`);
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
