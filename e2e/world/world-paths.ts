// Where the installed world lives: <repo>/.cache/world (see install.sh).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PrometheusChoice } from './world-config.js';

export interface WorldPaths {
  readonly repoDir: string;
  readonly installScript: string;
  readonly cacheDir: string;
  readonly binDir: string;
  readonly kwokStages: string;
  readonly istioCrds: string;
  /** sigs.k8s.io/gateway-api's config/crd/standard in one file (install.sh). */
  readonly gatewayApiCrds: string;
  /** Prometheus 3, built by install.sh from github.com/prometheus/prometheus. */
  readonly builtPrometheus: string;
  /** Prometheus 2.x from the Debian package (install.sh --debian-prometheus). */
  readonly debianPrometheus: string;
}

export const WORLD_BINARIES = ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kwok', 'istio-validation'] as const;
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
    gatewayApiCrds: path.join(cacheDir, 'gateway-api', 'standard-crds.yaml'),
    builtPrometheus: path.join(cacheDir, 'bin', 'prometheus'),
    debianPrometheus: '/usr/bin/prometheus',
  };
}

/** The Prometheus binary the world runs for a choice (see world-config.ts). */
export function prometheusBinary(paths: WorldPaths, choice: PrometheusChoice): string {
  switch (choice) {
    case 'built':
      return paths.builtPrometheus;
    case 'debian':
      return paths.debianPrometheus;
    default: {
      const unknown: never = choice;
      throw new Error(`unknown Prometheus choice ${String(unknown)}`);
    }
  }
}

export function binaryPath(paths: WorldPaths, binary: WorldBinary): string {
  return path.join(paths.binDir, binary);
}

export function missingInstallPieces(paths: WorldPaths, prometheus: PrometheusChoice): string[] {
  const required = [
    ...WORLD_BINARIES.map((binary) => binaryPath(paths, binary)),
    paths.kwokStages,
    paths.istioCrds,
    prometheusBinary(paths, prometheus),
  ];
  return required.filter((file) => !existsSync(file));
}
