// Prometheus (3.x built by install.sh, or Debian's 2.x: see world-config.ts),
// scraping whatever host:port targets the test hands it (file_sd, 1s
// everything), with its TSDB in the world dir. The same config and flags work
// on both: no fallback_scrape_protocol, so on 3.x a target must send a
// Content-Type Prometheus knows, as in a real cluster. It can be stopped and
// started again on the same port and data.
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { httpGet } from './loopback-http.js';
import type { Supervisor, SupervisedProcess } from './supervisor.js';
import { exitedProbe, waitUntil } from './wait-until.js';

export const PROMETHEUS_JOB = 'world';

export interface PrometheusInput {
  readonly binary: string;
  readonly dir: string;
  readonly port: number;
}

export interface Prometheus {
  readonly url: string;
  setScrapeTargets(targets: readonly string[]): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

interface PrometheusFiles {
  readonly root: string;
  readonly config: string;
  readonly targets: string;
  readonly data: string;
  readonly log: string;
}

function prometheusFiles(dir: string): PrometheusFiles {
  const root = path.join(dir, 'prometheus');
  return {
    root,
    config: path.join(root, 'prometheus.yml'),
    targets: path.join(root, 'targets', 'targets.json'),
    data: path.join(root, 'data'),
    log: path.join(dir, 'logs', 'prometheus.log'),
  };
}

export function renderPrometheusConfig(targetsFile: string): string {
  // JSON is valid YAML.
  const config = {
    global: { scrape_interval: '1s', scrape_timeout: '1s', evaluation_interval: '1s' },
    scrape_configs: [
      {
        job_name: PROMETHEUS_JOB,
        metrics_path: '/metrics',
        file_sd_configs: [{ files: [targetsFile], refresh_interval: '1s' }],
      },
    ],
  };
  return `${JSON.stringify(config, null, 2)}\n`;
}

export function renderTargets(targets: readonly string[]): string {
  return `${JSON.stringify(targets.length > 0 ? [{ targets, labels: {} }] : [], null, 2)}\n`;
}

export function prometheusArgs(files: PrometheusFiles, port: number): string[] {
  return [
    `--config.file=${files.config}`,
    `--storage.tsdb.path=${files.data}`,
    `--web.listen-address=127.0.0.1:${port}`,
    '--storage.tsdb.retention.time=1d',
    '--log.level=warn',
  ];
}

export async function createPrometheus(supervisor: Supervisor, input: PrometheusInput): Promise<Prometheus> {
  const files = prometheusFiles(input.dir);
  const url = `http://127.0.0.1:${input.port}`;
  await mkdir(path.dirname(files.targets), { recursive: true });
  await mkdir(files.data, { recursive: true });
  await writeFile(files.config, renderPrometheusConfig(files.targets));
  await writeAtomically(files.targets, renderTargets([]));

  // The one Prometheus process of this world, replaced on restart; owned by
  // this closure, never shared.
  let current: SupervisedProcess | undefined;

  const start = async (): Promise<void> => {
    if (current?.isRunning()) return;
    const child = supervisor.start({ name: 'prometheus', command: input.binary, args: prometheusArgs(files, input.port), logFile: files.log });
    current = child;
    await waitUntil(
      'prometheus /-/ready',
      async () => {
        if (!child.isRunning()) return exitedProbe('prometheus', files.log, await child.exited);
        const answer = await httpGet(`${url}/-/ready`);
        return answer.status === 200 ? { ok: true } : { ok: false, reason: `${answer.status} ${answer.body}` };
      },
      60_000,
    );
  };

  const stop = async (): Promise<void> => {
    await current?.stop();
    current = undefined;
  };

  const setScrapeTargets = async (targets: readonly string[]): Promise<void> => {
    await writeAtomically(files.targets, renderTargets(targets));
    // Prometheus applies discovered targets on a 5s tick; wait for it, so the
    // caller knows scraping has begun (when Prometheus is up at all).
    if (current?.isRunning()) await waitForActiveTargets(url, targets);
  };

  return { url, start, stop, setScrapeTargets };
}

async function waitForActiveTargets(url: string, targets: readonly string[]): Promise<void> {
  const wanted = [...targets].sort().join(',');
  await waitUntil(
    `prometheus to pick up targets [${wanted}]`,
    async () => {
      const answer = await httpGet(`${url}/api/v1/targets?state=active`);
      const body = JSON.parse(answer.body) as { data?: { activeTargets?: { labels?: { instance?: string; job?: string } }[] } };
      const active = (body.data?.activeTargets ?? [])
        .filter((target) => target.labels?.job === PROMETHEUS_JOB)
        .map((target) => target.labels?.instance ?? '')
        .sort()
        .join(',');
      return active === wanted ? { ok: true } : { ok: false, reason: `active: [${active}]` };
    },
    30_000,
    250,
  );
}

async function writeAtomically(file: string, content: string): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, content);
  await rename(temporary, file);
}
