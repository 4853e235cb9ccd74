// `songbird pause NAME`
import { rolloutRequestCommand } from './rollout-request-command.js';

export const pauseCommand = rolloutRequestCommand('pause', 'Hold the rollout where it is (routes and replicas stay as they are)');
