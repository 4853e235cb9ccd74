// `songbird validate -f FILE`: offline; schema problems by field path and the
// objects Songbird would write, for a pipeline to catch a bad Canary before
// it is applied. `-f -` reads stdin.
import { readFile } from 'node:fs/promises';
import { defineCommand } from '../command-module.js';
import { tellFailure } from '../canary-lookup.js';
import { validateManifests } from '../validate-plan.js';
import { formatValidation, validationExitCode } from '../validate-report.js';

export const validateCommand = defineCommand({
  command: 'validate',
  describe: 'Check Canaries in a YAML file offline and print the Istio objects (or HTTPRoute) and Services Songbird would write',
  builder: (yargs) =>
    yargs.option('filename', { alias: 'f', type: 'string', demandOption: true, describe: 'a YAML file of one or more documents; - for stdin' }),
  run: async (args, ctx) => {
    let text: string;
    try {
      text = args.filename === '-' ? await readStdin() : await readFile(args.filename, 'utf8');
    } catch (error) {
      tellFailure(ctx, `cannot read ${args.filename}: ${(error as Error).message}`);
      return 2;
    }
    const source = args.filename === '-' ? 'stdin' : args.filename;
    const report = validateManifests(text, source, args.namespace ?? 'default');
    if (!report.ok) {
      tellFailure(ctx, report.error.message);
      return 1;
    }
    ctx.terminal.write(formatValidation(report.value, source, args.output));
    return validationExitCode(report.value);
  },
});

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
