// What `make bench-scale` measures, read once from the environment:
//   BENCH_SCALE_SIZES              Canaries per run, comma-separated (default 100,300,1000)
//   BENCH_SCALE_CONTROLLERS        which controllers, in order (default songbird,flagger)
//   BENCH_SCALE_INTERVAL_SECONDS   analysis interval of every Canary (default 30)
//   BENCH_SCALE_IDLE_SECONDS       controller alone, no Canaries, before RSS idle is read (default 20)
//   BENCH_SCALE_STEADY_SECONDS     steady window after all are Initialized (default 4 intervals)
//   BENCH_SCALE_ROLLOUT_SECONDS    window after 10 % of the targets get a new revision (default 8 intervals)
//   BENCH_SCALE_NAMESPACES         namespaces the Canaries are spread over (default 10)
//   BENCH_SCALE_REPLICAS           spec.replicas of each target Deployment (default 1)
//   BENCH_SCALE_INIT_TIMEOUT_SECONDS  give up waiting for Initialized after this (default 900)
import { z } from 'zod';

export const CONTROLLERS = ['songbird', 'flagger'] as const;
export type ControllerName = (typeof CONTROLLERS)[number];

export interface ScaleSettings {
  readonly sizes: readonly number[];
  readonly controllers: readonly ControllerName[];
  readonly intervalSeconds: number;
  readonly idleSeconds: number;
  readonly steadySeconds: number;
  readonly rolloutSeconds: number;
  readonly namespaces: number;
  readonly replicas: number;
  readonly initTimeoutSeconds: number;
  /** Share of the Canaries whose target gets a new revision (0.1). */
  readonly rollingFraction: number;
}

const parts = z.string().transform((text) => text.split(',').map((part) => part.trim()).filter((part) => part !== ''));
const seconds = (fallback: number) => z.coerce.number().int().min(1).max(86_400).default(fallback);

const envSchema = z.object({
  BENCH_SCALE_SIZES: parts.transform((texts) => texts.map(Number)).pipe(z.array(z.number().int().min(1).max(10_000)).min(1)).default([100, 300, 1000]),
  BENCH_SCALE_CONTROLLERS: parts.pipe(z.array(z.enum(CONTROLLERS)).min(1)).default([...CONTROLLERS]),
  BENCH_SCALE_INTERVAL_SECONDS: seconds(30),
  BENCH_SCALE_IDLE_SECONDS: seconds(20),
  BENCH_SCALE_STEADY_SECONDS: z.coerce.number().int().min(1).max(86_400).optional(),
  BENCH_SCALE_ROLLOUT_SECONDS: z.coerce.number().int().min(1).max(86_400).optional(),
  BENCH_SCALE_NAMESPACES: z.coerce.number().int().min(1).max(1_000).default(10),
  BENCH_SCALE_REPLICAS: z.coerce.number().int().min(0).max(10).default(1),
  BENCH_SCALE_INIT_TIMEOUT_SECONDS: seconds(900),
});

export type SettingsResult = { ok: true; settings: ScaleSettings } | { ok: false; message: string };

/** Reads the settings from `env` (only the BENCH_SCALE_* keys); an invalid value names its variable. */
export function readScaleSettings(env: Readonly<Record<string, string | undefined>>): SettingsResult {
  const picked = Object.fromEntries(Object.entries(env).filter(([key, value]) => key.startsWith('BENCH_SCALE_') && value !== undefined && value !== ''));
  const parsed = envSchema.safeParse(picked);
  if (!parsed.success) {
    const message = parsed.error.issues.map((issue) => `${String(issue.path[0] ?? 'BENCH_SCALE_*')}: ${issue.message}`).join('; ');
    return { ok: false, message };
  }
  const read = parsed.data;
  const interval = read.BENCH_SCALE_INTERVAL_SECONDS;
  return {
    ok: true,
    settings: {
      sizes: read.BENCH_SCALE_SIZES,
      controllers: read.BENCH_SCALE_CONTROLLERS,
      intervalSeconds: interval,
      idleSeconds: read.BENCH_SCALE_IDLE_SECONDS,
      steadySeconds: read.BENCH_SCALE_STEADY_SECONDS ?? 4 * interval,
      rolloutSeconds: read.BENCH_SCALE_ROLLOUT_SECONDS ?? 8 * interval,
      namespaces: read.BENCH_SCALE_NAMESPACES,
      replicas: read.BENCH_SCALE_REPLICAS,
      initTimeoutSeconds: read.BENCH_SCALE_INIT_TIMEOUT_SECONDS,
      rollingFraction: 0.1,
    },
  };
}
