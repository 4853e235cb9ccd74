#!/usr/bin/env node
// The `kubectl_complete-songbird` executable (package.json bin): kubectl
// (1.26+, kubernetes/kubernetes#105867, KEP 2379 "Shell Completion Support")
// runs it for `kubectl songbird <TAB>` with the words after the plugin name,
// the last being the word under completion, and reads Cobra's __complete
// answer: one candidate per line, then `:<directive>` (4 = no file completion).
import { runProgram } from './program.js';

/** Cobra's ShellCompDirectiveNoFileComp. */
const NO_FILE_COMPLETION = 4;

const words = process.argv.slice(2);
const current = words[words.length - 1] ?? '';
const lines: string[] = [];
runProgram(['--get-yargs-completions', 'songbird', ...words], {
  programName: 'kubectl songbird',
  signal: new AbortController().signal,
  terminal: { isTty: false, write: (text) => void lines.push(text), error: () => undefined },
}).then(
  () => {
    const candidates = lines.join('').split('\n').filter((line) => line !== '' && line.startsWith(current));
    process.stdout.write([...candidates, `:${NO_FILE_COMPLETION}`].join('\n') + '\n');
  },
  () => {
    process.stdout.write(`:${NO_FILE_COMPLETION}\n`);
  },
);
