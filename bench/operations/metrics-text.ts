// Reads one sample from the controller's /metrics (Prometheus text format,
// https://prometheus.io/docs/instrumenting/exposition_formats/#text-based-format).

/**
 * The value of the first sample named `name` (with any labels) in exposition
 * text; undefined when there is none. Lines are `name{labels} value [ts]`.
 */
export function sampleValue(text: string, name: string): number | undefined {
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const rest = line.startsWith(`${name} `) ? line.slice(name.length) : line.startsWith(`${name}{`) ? line.slice(line.indexOf('}') + 1) : undefined;
    if (rest === undefined) continue;
    const value = Number(rest.trim().split(/\s+/)[0]);
    if (!Number.isNaN(value)) return value;
  }
  return undefined;
}

/** GET http://127.0.0.1:<port>/metrics; undefined when it does not answer 200 within 2 s. */
export async function readMetrics(port: number): Promise<string | undefined> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/metrics`, { signal: AbortSignal.timeout(2_000) });
    return response.ok ? await response.text() : undefined;
  } catch {
    return undefined;
  }
}
