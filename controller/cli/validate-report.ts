// How `validate` prints its verdicts. The default is a YAML stream: each
// Canary's verdict and notes as `#` comments, then the objects Songbird would
// write, so the output itself parses (e.g. for kubectl apply --dry-run).
import { dump } from 'js-yaml';
import type { OutputFormat } from './cli-context.js';
import { structuredOutput } from './structured-output.js';
import type { ValidationReport } from './validate-plan.js';

/** The report in `format` (table: the commented YAML stream; json/yaml: the report object itself). */
export function formatValidation(report: ValidationReport, source: string, format: OutputFormat): string {
  if (format !== 'table') return structuredOutput(report, format);
  if (report.canaries.length === 0) return `# ${source}: no Canary (${GROUP_KIND}) in the file\n`;
  const parts: string[] = [];
  for (const verdict of report.canaries) {
    const who = `Canary ${verdict.namespace}/${verdict.name || '(no name)'} (${source}, document ${verdict.document})`;
    const count = verdict.problems.length;
    const head = count === 0 ? [`# ✔ ${who}: valid`] : [`# ✘ ${who}: ${count} problem${count === 1 ? '' : 's'}`, ...verdict.problems.map((p) => `#   ${p}`)];
    const notes = verdict.notes.map((note) => `#   ${note}`);
    const objects = verdict.objects.map((object) => `---\n${dump(object, { noRefs: true, lineWidth: -1 })}`);
    parts.push(`${[...head, ...notes].join('\n')}\n${objects.join('')}`);
  }
  return parts.join('---\n');
}

/** 0 when every Canary is valid, 1 when one is not or there is none. */
export function validationExitCode(report: ValidationReport): number {
  return report.canaries.length > 0 && report.canaries.every((c) => c.problems.length === 0) ? 0 : 1;
}

const GROUP_KIND = 'songbird.dev/v1alpha1 Canary';
