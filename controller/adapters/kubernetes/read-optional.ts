// Reads where "absent" is an answer, not a failure: 404 becomes undefined.
import { errorFromException, ok, failed, statusCodeOf, type KubeResult } from './kubernetes-errors.js';

export async function readOptional<T>(what: string, read: () => Promise<T>): Promise<KubeResult<T | undefined>> {
  try {
    return ok(await read());
  } catch (error) {
    if (statusCodeOf(error) === 404) return ok(undefined);
    return failed(errorFromException(what, error));
  }
}

/** Runs a write; a thrown ApiException becomes an error value. */
export async function attempt<T>(what: string, call: () => Promise<T>): Promise<KubeResult<T>> {
  try {
    return ok(await call());
  } catch (error) {
    return failed(errorFromException(what, error));
  }
}
