// `songbird promote NAME`
import { rolloutRequestCommand } from './rollout-request-command.js';

export const promoteCommand = rolloutRequestCommand('promote', 'Skip the remaining stages and promote the revision under test');
