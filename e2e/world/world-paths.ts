// Where the installed world lives: <repo>/.cache/world (see install.sh).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface WorldPaths {
  readonly repoDir: string;
  readonly installScript: string;
  readonly cacheDir: string;
  readonly binDir: string;
  readonly kwokStages: string;
  readonly istioCrds: string;
  readonly prometheusBinary: string;
}

export const WORLD_BINARIES = ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kwok'] as const;
export type WorldBinary = (typeof WORLD_BINARIES)[number];

export function worldPaths(): WorldPaths {
  const worldDir = path.dirname(fileURLToPath(import.meta.url));
  const repoDir = path.resolve(worldDir, '..', '..');
  const cacheDir = path.join(repoDir, '.cache', 'world');
  return {
    repoDir,
    installScript: path.join(worldDir, 'install.sh'),
    cacheDir,
    binDir: path.join(cacheDir, 'bin'),
    kwokStages: path.join(cacheDir, 'kwok', 'stages.yaml'),
    istioCrds: path.join(cacheDir, 'istio', 'customresourcedefinitions.gen.yaml'),
    prometheusBinary: '/usr/bin/prometheus',
  };
}

export function binaryPath(paths: WorldPaths, binary: WorldBinary): string {
  return path.join(paths.binDir, binary);
}

export function missingInstallPieces(paths: WorldPaths): string[] {
  const required = [
    ...WORLD_BINARIES.map((binary) => binaryPath(paths, binary)),
    paths.kwokStages,
    paths.istioCrds,
    paths.prometheusBinary,
  ];
  return required.filter((file) => !existsSync(file));
}
