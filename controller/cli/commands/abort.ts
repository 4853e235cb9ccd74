// `songbird abort NAME`
import { rolloutRequestCommand } from './rollout-request-command.js';

export const abortCommand = rolloutRequestCommand('abort', 'Roll the revision under test back now');
