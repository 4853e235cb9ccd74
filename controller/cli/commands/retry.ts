// `songbird retry NAME`
import { rolloutRequestCommand } from './rollout-request-command.js';

export const retryCommand = rolloutRequestCommand('retry', 'Run a rolled-back (Failed) revision again, as a new rollout');
