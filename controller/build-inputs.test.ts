// What `npm run build` (tsconfig.build.json) puts in dist/, checked without building:
// the image runs dist/ with production dependencies only (Dockerfile: npm ci --omit=dev).
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const REPO = fileURLToPath(new URL('../', import.meta.url));
const TEST_ONLY = [/\.test\.ts$/, /\/fake-[^/]*\.ts$/, /\/loopback-[^/]*\.ts$/, /\/step-fixtures\.ts$/, /\/write-crd\.ts$/];

/** The repository-relative .ts files tsc compiles for tsconfig.build.json: its include plus every file they import. */
function buildProgram() {
  const parsed = ts.getParsedCommandLineOfConfigFile(`${REPO}tsconfig.build.json`, {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
    },
  });
  if (!parsed) throw new Error('tsconfig.build.json did not parse');
  const program = ts.createProgram(parsed.fileNames, parsed.options);
  const files = program
    .getSourceFiles()
    .map((file) => relative(REPO, file.fileName))
    .filter((file) => !file.startsWith('node_modules/') && !file.startsWith('..'));
  return { files, options: parsed.options };
}

/** Packages a compiled file loads at run time: bare specifiers left after type-only imports are erased. */
function runtimePackages(file: string, options: ts.CompilerOptions): string[] {
  const output = ts.transpileModule(readFileSync(`${REPO}${file}`, 'utf8'), {
    compilerOptions: { ...options, module: ts.ModuleKind.ESNext }, // package.json says "type": "module"; transpileModule alone cannot see it
    fileName: file,
  }).outputText;
  const specifiers: string[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      specifiers.push(node.moduleSpecifier.text);
    }
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteral(node.arguments[0])) {
      specifiers.push(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(ts.createSourceFile(file.replace(/\.ts$/, '.js'), output, ts.ScriptTarget.ES2022));
  return specifiers
    .filter((specifier) => !specifier.startsWith('.') && !specifier.startsWith('node:') && !builtinModules.includes(specifier))
    .map((specifier) => specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/'));
}

describe('the build (tsconfig.build.json)', () => {
  const { files, options } = buildProgram();

  it('compiles the controller and the CLI entry points when it builds', () => {
    expect(files).toContain('controller/runtime/main.ts');
    expect(files).toContain('controller/cli/main.ts');
    expect(options.outDir).toBe(`${REPO}dist`.replace(/\/$/, ''));
    expect(options.noEmit).toBe(false);
  });

  it('leaves out tests, fakes, fixtures and scripts when a production module does not import them', () => {
    expect(files.filter((file) => TEST_ONLY.some((pattern) => pattern.test(file)))).toEqual([]);
    expect(files.filter((file) => !file.startsWith('controller/'))).toEqual([]);
  });

  it('needs only production dependencies at run time when installed with npm ci --omit=dev', () => {
    const manifest = JSON.parse(readFileSync(`${REPO}package.json`, 'utf8')) as { dependencies: Record<string, string> };
    const needed = new Set(files.flatMap((file) => runtimePackages(file, options)));
    expect([...needed].filter((name) => !(name in manifest.dependencies)).sort()).toEqual([]);
  });
});
