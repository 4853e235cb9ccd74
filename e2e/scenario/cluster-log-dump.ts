// For tests: keeps the in-process controller's log after a test, so a failure
// can be read afterwards (the path is printed).
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Writes `lines` to <tmpdir>/songbird-e2e-logs/<name>.log and returns the path. */
export function saveLog(name: string, lines: readonly string[]): string {
  const dir = path.join(tmpdir(), 'songbird-e2e-logs');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name.replace(/[^a-z0-9-]+/gi, '-')}.log`);
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}
