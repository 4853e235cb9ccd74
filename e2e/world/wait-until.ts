// Polls a probe until it reports success or the deadline passes. A probe that
// knows waiting is pointless (the process died) answers `fatal: true`.

export type ProbeResult = { ok: true } | { ok: false; reason: string; fatal?: boolean };
export type Probe = () => Promise<ProbeResult>;

export async function waitUntil(what: string, probe: Probe, timeoutMs: number, intervalMs = 200): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let reason = 'not checked yet';
  while (Date.now() < deadline) {
    let result: ProbeResult;
    try {
      result = await probe();
    } catch (error) {
      result = { ok: false, reason: error instanceof Error ? error.message : String(error) };
    }
    if (result.ok) return;
    reason = result.reason;
    if (result.fatal) throw new Error(`gave up waiting for ${what}: ${reason}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(`timed out after ${timeoutMs}ms waiting for ${what}: ${reason}`);
}

/** A probe result for a supervised process that is no longer running. */
export function exitedProbe(name: string, logFile: string, exitStatus: string): ProbeResult {
  return { ok: false, fatal: true, reason: `${name} exited (${exitStatus}); see ${logFile}` };
}
