// Kept so execute-actions.ts's import still resolves: the Sentry checks moved to ./checks/.
// Lead: point execute-actions.ts at './checks/sentry-target.js' and delete this file.
export { sentryTarget } from './checks/sentry-target.js';
