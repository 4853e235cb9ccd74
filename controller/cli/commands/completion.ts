// `songbird completion [bash|zsh]`: prints the shell completion script.
// `kubectl songbird` completes through the kubectl_complete-songbird
// executable instead (kubectl-complete.ts).
import { defineCommand } from '../command-module.js';
import { completionScript, shellOf, SHELLS } from '../completion-script.js';

export const completionCommand = defineCommand({
  command: 'completion [shell]',
  describe: 'Print the shell completion script (bash or zsh; default from $SHELL)',
  builder: (yargs) => yargs.positional('shell', { type: 'string', choices: SHELLS, describe: 'the shell; default from $SHELL' }),
  run: async (args, ctx) => {
    ctx.terminal.write(completionScript(args.shell ?? shellOf(ctx.loginShell)));
    return 0;
  },
});
