import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as TypeScript from 'typescript';

// The seam's promise: a check type added to schema/checks.ts without its Measure in a provider's
// table (runtime/checks/providers.ts), its kind in check-kinds.ts and its system in checks.ts fails
// `tsc`, and so does a metric system added there without its provider. Proven by type-checking
// providers.ts with the compiler the project uses, once as it is and once with schema/checks.ts
// carrying one more variant or system (served from memory, so nothing on disk changes).

const ts = createRequire(import.meta.url)('typescript') as typeof TypeScript;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const CHECKS = path.join(root, 'controller/schema/checks.ts');
const PROVIDERS = path.join(root, 'controller/runtime/checks/providers.ts');
const KINDS = path.join(root, 'controller/core/measurement/check-kinds.ts');

const DATADOG = `export const datadogCheckSchema = z.object({ name: checkName, type: z.literal('datadog'), query: z.string(), max: z.number() });\n`;

function withDatadog(source: string): string {
  const union = /(export const checkSchema = z\.discriminatedUnion\('type', \[\n(?:  \w+,\n)+)\]\);/;
  if (!union.test(source)) throw new Error("schema/checks.ts no longer lists its union as checkSchema = z.discriminatedUnion('type', [...]): update this test");
  return source.replace(union, `${DATADOG}\n$1  datadogCheckSchema,\n]);`);
}

function withDatadogSystem(source: string): string {
  const systems = /(export const METRIC_SYSTEM_CALLS = \{\n(?:  \w+: \{[^\n]*\},\n)+)\}/;
  if (!systems.test(source)) throw new Error('schema/checks.ts no longer lists its systems as METRIC_SYSTEM_CALLS = { system: {...}, ... }: update this test');
  return source.replace(systems, "$1  datadog: { calls: 'Datadog queries', concurrency: 4, max: 64 },\n}");
}

/** The project's compiler options (without its ambient jest and node types, which these files do not use), and a host that parses each file once. */
function compilerOf() {
  const config = ts.getParsedCommandLineOfConfigFile(path.join(root, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(String(d.messageText)); } });
  if (!config) throw new Error('tsconfig.json could not be read');
  const options = { ...config.options, types: [] };
  const host = ts.createCompilerHost(options);
  const parsed = new Map<string, TypeScript.SourceFile | undefined>();
  const parse = host.getSourceFile.bind(host);
  host.getSourceFile = (file, language, onError) => {
    if (!parsed.has(file)) parsed.set(file, parse(file, language, onError));
    return parsed.get(file);
  };
  return { host, options };
}

/**
 * Errors tsc reports in the provider table (providers.ts: each provider's measures), the core's table of check types (check-kinds.ts: window, limit) and
 * checks.ts itself (the system each type reads, for its failures' metrics), by file
 * relative to the repository, with checks.ts's text replaced. Only these three files are checked
 * (tsc would report the same errors in them; the rest of the program is not asked, to stay fast).
 */
function typeErrors(checksSource: string, host: TypeScript.CompilerHost, options: TypeScript.CompilerOptions, oldProgram?: TypeScript.Program) {
  const serve = host.getSourceFile.bind(host);
  const replaced: TypeScript.CompilerHost = {
    ...host,
    getSourceFile: (file, language, onError) => (path.resolve(file) === CHECKS ? ts.createSourceFile(file, checksSource, language) : serve(file, language, onError)),
  };
  const program = ts.createProgram({ rootNames: [PROVIDERS, KINDS], options, host: replaced, oldProgram });
  const files = [PROVIDERS, KINDS, CHECKS].map((file) => program.getSourceFile(file)!);
  const diagnostics = [...program.getOptionsDiagnostics(), ...files.flatMap((f) => [...program.getSyntacticDiagnostics(f), ...program.getSemanticDiagnostics(f)])];
  const errors = diagnostics.map((d) => ({
    file: d.file ? path.relative(root, d.file.fileName) : '',
    message: ts.flattenDiagnosticMessageText(d.messageText, '\n'),
  }));
  return { program, errors };
}

describe('the checks seam', () => {
  it('fails tsc in providers.ts, check-kinds.ts and checks.ts, naming the new type, when a check type is added without a Measure, a kind and a system', () => {
    const { host, options } = compilerOf();
    const original = readFileSync(CHECKS, 'utf8');
    const before = typeErrors(original, host, options);
    expect(before.errors).toEqual([]);

    const after = typeErrors(withDatadog(original), host, options, before.program);
    const inMeasures = after.errors.filter((e) => e.file === 'controller/runtime/checks/providers.ts');
    expect(inMeasures.map((e) => e.message).join('\n')).toMatch(/Property 'datadog' is missing in type .* but required in type 'Measures'/s);
    // The core refuses it too until it knows the type's window and limit.
    const inKinds = after.errors.filter((e) => e.file === 'controller/core/measurement/check-kinds.ts');
    expect(inKinds.map((e) => e.message).join('\n')).toMatch(/Property 'datadog' is missing in type .* but required in type 'CheckKinds'/s);
    // And schema/checks.ts until it says which system the type reads (systemOfCheck).
    const inChecks = after.errors.filter((e) => e.file === 'controller/schema/checks.ts');
    expect(inChecks.map((e) => e.message).join('\n')).toMatch(/Property 'datadog' is missing in type .* but required in type '\{ readonly (successRate|\[K in)/s);
    expect(after.errors.filter((e) => !inMeasures.includes(e) && !inKinds.includes(e) && !inChecks.includes(e))).toEqual([]);
  }, 60_000);

  it('fails tsc in providers.ts, naming the new system, when a metric system is added without its provider', () => {
    const { host, options } = compilerOf();
    const after = typeErrors(withDatadogSystem(readFileSync(CHECKS, 'utf8')), host, options);
    const inProviders = after.errors.filter((e) => e.file === 'controller/runtime/checks/providers.ts');
    expect(inProviders.map((e) => e.message).join('\n')).toMatch(/Property 'datadog' is missing in type .* but required in type '\{[^']*readonly datadog: object;[^']*\}'/s);
    // Nothing else asks for it: a system is its entry there (and config.ts reads its SONGBIRD_DATADOG_CONCURRENCY).
    expect(after.errors.filter((e) => !inProviders.includes(e))).toEqual([]);
  }, 60_000);
});
