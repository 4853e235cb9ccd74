import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { packageVersion } from './package-version.js';

describe('packageVersion', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'songbird-version-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("reads the version of the songbird package.json above the module, past another package's", () => {
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'songbird', version: '1.2.3' }));
    mkdirSync(path.join(dir, 'dist', 'controller', 'cli'), { recursive: true });
    writeFileSync(path.join(dir, 'dist', 'package.json'), JSON.stringify({ type: 'module' }));
    expect(packageVersion(pathToFileURL(path.join(dir, 'dist', 'controller', 'cli', 'main.js')).href)).toBe('1.2.3');
  });

  it('answers unknown when no songbird package.json is above the module', () => {
    expect(packageVersion(pathToFileURL(path.join(dir, 'main.js')).href)).toBe('unknown');
  });
});
