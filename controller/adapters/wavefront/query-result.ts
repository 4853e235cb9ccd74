import { z } from 'zod';

// The query API's answer, a QueryResult (Wavefront's OpenAPI spec as generated into
// wavefrontHQ/python-client: docs/QueryResult.md, docs/Timeseries.md): `timeseries[].data` is a
// list of [timestamp in epoch seconds, value] pairs; `warnings` is one string; `granularity` is
// in seconds. errorType/errorMessage are read when present (a failed query may carry them).
export const queryResultSchema = z.object({
  name: z.string().optional(),
  query: z.string().optional(),
  warnings: z.string().optional(),
  granularity: z.number().optional(),
  errorType: z.string().optional(),
  errorMessage: z.string().optional(),
  timeseries: z
    .array(
      z.object({
        label: z.string().optional(),
        host: z.string().optional(),
        tags: z.record(z.string(), z.string()).optional(),
        data: z.array(z.tuple([z.number(), z.number().nullable()])).default([]),
      }),
    )
    .default([]),
});

export type QueryResult = z.infer<typeof queryResultSchema>;

// Errors outside a QueryResult: the API's other paths answer a ResponseContainer,
// { status: { result: 'ERROR', message, code } } (the shape snltd/wavefront-sdk's
// Query#response_shim imitates "from all the other paths"); a query Wavefront cannot parse
// answers a body that is not JSON, with the reason in message='...' (same source,
// Query#parsed_response and #extract_error_message).
const statusSchema = z.object({ status: z.object({ result: z.string().optional(), message: z.string().optional(), code: z.number().optional() }) });

/** The human reason inside an error body of any of those shapes, or undefined. */
export function errorDetail(body: string): string | undefined {
  const json = parseJson(body);
  if (json !== undefined) {
    const status = statusSchema.safeParse(json);
    if (status.success && status.data.status.message) return status.data.status.message;
    const result = queryResultSchema.safeParse(json);
    if (result.success && (result.data.errorMessage || result.data.errorType)) return [result.data.errorType, result.data.errorMessage].filter(Boolean).join(': ');
    return undefined;
  }
  const quoted = /message='([^']+)'/.exec(body);
  if (quoted) return quoted[1];
  const lastLine = body.trim().split('\n').pop()?.trim();
  return lastLine ? lastLine : undefined;
}

export function parseJson(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}
