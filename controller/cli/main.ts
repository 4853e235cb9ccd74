#!/usr/bin/env node
// The `songbird` and `kubectl-songbird` executables (package.json bin): runs
// the program on the real terminal and exits with its code. The only place the
// CLI reads process state (argv, env, stdout's size, signals).
import { programNameOf } from './program-name.js';
import { runProgram } from './program.js';

const stop = new AbortController();
process.once('SIGINT', () => stop.abort());
process.once('SIGTERM', () => stop.abort());

runProgram(process.argv.slice(2), {
  programName: programNameOf(process.argv[1]),
  signal: stop.signal,
  ...(process.env['SHELL'] !== undefined ? { loginShell: process.env['SHELL'] } : {}),
  terminal: {
    isTty: process.stdout.isTTY === true,
    get columns() {
      return process.stdout.columns;
    },
    get rows() {
      return process.stdout.rows;
    },
    write: (text) => void process.stdout.write(text),
    error: (text) => void process.stderr.write(text),
  },
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${programNameOf(process.argv[1])}: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 1;
  },
);
