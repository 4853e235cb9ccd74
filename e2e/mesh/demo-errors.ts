// The demo app's failures. Each error type is thrown from its own named
// function, so its top in-app stack frame (and so its Sentry issue) differs.

/** What a version raises when it answers 500 (DEMO_ERROR_RATE). */
export class DemoServerError extends Error {
  override readonly name = 'DemoServerError';
}

/** The new bug a canary version throws for internal users (DEMO_INTERNAL_EXCEPTION_RATE). */
export class NewCheckoutError extends Error {
  override readonly name = 'NewCheckoutError';
}

export function handleRequestWithServerError(workload: string): never {
  throw new DemoServerError(`request failed in ${workload}: upstream dependency returned an error`);
}

export function checkoutWithNewFlow(release: string): never {
  throw new NewCheckoutError(`new checkout flow failed for an internal user (release ${release})`);
}

/** Runs a throwing function and returns what it threw, as a value. */
export function caught(run: () => never): Error {
  try {
    run();
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}
