// Shell completion: small bash and zsh scripts that ask the program itself
// for candidates (`songbird --get-yargs-completions <words>`, yargs's
// completion protocol), so commands, options and Canary names complete.
export const SHELLS = ['bash', 'zsh'] as const;
export type Shell = (typeof SHELLS)[number];

/** The shell named by $SHELL when it is one of SHELLS, else bash. */
export function shellOf(loginShell: string | undefined): Shell {
  return loginShell?.endsWith('zsh') ? 'zsh' : 'bash';
}

/**
 * The completion script for `shell`, completing the command `command` (an
 * executable on PATH). zsh gets yargs's `name:description` candidates
 * (SHELL=zsh tells yargs), bash plain words.
 */
export function completionScript(shell: Shell, command = 'songbird'): string {
  const fn = `_${command.replace(/[^A-Za-z0-9]/g, '_')}_completions`;
  if (shell === 'zsh') {
    return `#compdef ${command}
# ${command} completion for zsh. Install: ${command} completion zsh > "\${fpath[1]}/_${command}"  (or: source <(${command} completion zsh))
${fn}() {
  local -a reply
  local IFS=$'\\n'
  reply=($(SHELL=zsh COMP_CWORD="$((CURRENT-1))" ${command} --get-yargs-completions "\${words[@]}" 2>/dev/null))
  if [[ \${#reply} -gt 0 ]]; then _describe 'values' reply; else _default; fi
}
compdef ${fn} ${command}
`;
  }
  return `# ${command} completion for bash. Install: ${command} completion bash > /etc/bash_completion.d/${command}  (or: source <(${command} completion bash))
${fn}() {
  local cur="\${COMP_WORDS[COMP_CWORD]}"
  local IFS=$'\\n'
  COMPREPLY=($(compgen -W "$(SHELL=bash ${command} --get-yargs-completions "\${COMP_WORDS[@]:0:COMP_CWORD+1}" 2>/dev/null)" -- "$cur"))
}
complete -o default -F ${fn} ${command}
`;
}
