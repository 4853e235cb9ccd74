// `songbird resume NAME`
import { rolloutRequestCommand } from './rollout-request-command.js';

export const resumeCommand = rolloutRequestCommand('resume', 'Let a paused rollout go on');
