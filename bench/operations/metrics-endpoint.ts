// Reads the controller's /metrics for the bench; samples are read with the
// e2e harness's reader of Prometheus's text format (e2e/scenario/metrics-text.ts).

/** GET http://127.0.0.1:<port>/metrics; undefined when it does not answer 200 within 2 s. */
export async function readMetrics(port: number): Promise<string | undefined> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/metrics`, { signal: AbortSignal.timeout(2_000) });
    return response.ok ? await response.text() : undefined;
  } catch {
    return undefined;
  }
}
