// Groups an error event in the spirit of Sentry's default grouping: the
// exception type plus the top in-app frame (function and module/filename).
// Title and culprit are built the way Sentry shows them.

export interface Frame {
  readonly function?: string;
  readonly module?: string;
  readonly filename?: string;
  readonly lineno?: number;
  readonly inApp: boolean;
}

export interface Grouping {
  readonly fingerprint: string;
  readonly title: string;
  readonly culprit: string;
  readonly exceptionType?: string;
  readonly exceptionValue?: string;
  readonly frames: readonly Frame[];
}

type Json = Record<string, unknown>;

const asObject = (v: unknown): Json | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined);
const asString = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

function framesOf(exception: Json | undefined): Frame[] {
  const frames = asObject(exception?.['stacktrace'])?.['frames'];
  if (!Array.isArray(frames)) return [];
  return frames.map((raw) => {
    const f = asObject(raw) ?? {};
    return {
      function: asString(f['function']),
      module: asString(f['module']),
      filename: asString(f['filename']) ?? asString(f['abs_path']),
      lineno: typeof f['lineno'] === 'number' ? f['lineno'] : undefined,
      inApp: f['in_app'] === true,
    };
  });
}

/** Frames are oldest first; the top frame is the last one. Prefer in-app frames. */
export function topFrame(frames: readonly Frame[]): Frame | undefined {
  for (let i = frames.length - 1; i >= 0; i--) if (frames[i]?.inApp) return frames[i];
  return frames[frames.length - 1];
}

export function culpritOf(frame: Frame | undefined): string {
  if (!frame) return '';
  const where = frame.module ?? frame.filename ?? '?';
  return frame.function ? `${where} in ${frame.function}` : where;
}

export function groupEvent(event: Json): Grouping {
  const values = asObject(event['exception'])?.['values'];
  // The last exception in `values` is the one that was raised last (the outermost).
  const exception = Array.isArray(values) ? asObject(values[values.length - 1]) : undefined;
  if (!exception) {
    const message = asString(event['message']) ?? asString(asObject(event['logentry'])?.['message']) ?? '<unlabeled event>';
    return { fingerprint: `message:${message}`, title: message.split('\n')[0] ?? message, culprit: asString(event['culprit']) ?? '', frames: [] };
  }
  const type = asString(exception['type']) ?? 'Error';
  const value = asString(exception['value']) ?? '';
  const frames = framesOf(exception);
  const top = topFrame(frames);
  const fingerprint = ['exception', type, top?.function ?? '', top?.module ?? top?.filename ?? ''].join('|');
  const firstLine = value.split('\n')[0] ?? '';
  return { fingerprint, title: firstLine ? `${type}: ${firstLine}` : type, culprit: culpritOf(top), exceptionType: type, exceptionValue: value, frames };
}
