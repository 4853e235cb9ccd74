import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { builtControllerProblem } from './controller-process.js';

describe('builtControllerProblem', () => {
  let repo: string;
  const write = (relative: string, mtimeSeconds: number) => {
    const file = path.join(repo, relative);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, '');
    utimesSync(file, mtimeSeconds, mtimeSeconds);
  };

  beforeEach(() => {
    repo = mkdtempSync(path.join(tmpdir(), 'songbird-build-'));
  });
  afterEach(() => rmSync(repo, { recursive: true, force: true }));

  it('says to run npm run build when dist/ has no built controller', () => {
    write('controller/runtime/main.ts', 1_000);
    expect(builtControllerProblem(repo)).toEqual({ kind: 'missing', message: 'dist/controller/runtime/main.js is missing: run npm run build (make e2e does)' });
  });

  it('names the source when a built file is older than it', () => {
    write('controller/runtime/main.ts', 1_000);
    write('dist/controller/runtime/main.js', 2_000);
    write('controller/core/step.ts', 3_000);
    write('dist/controller/core/step.js', 2_000);
    expect(builtControllerProblem(repo)).toEqual({ kind: 'stale', message: expect.stringContaining('dist/ is older than controller/core/step.ts') });
  });

  it('finds nothing wrong when every built file is as new as its source and test files have none', () => {
    write('controller/runtime/main.ts', 1_000);
    write('dist/controller/runtime/main.js', 2_000);
    write('controller/runtime/main.test.ts', 3_000);
    expect(builtControllerProblem(repo)).toBeUndefined();
  });
});
