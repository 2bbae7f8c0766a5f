/** Words a POSIX shell reads as they are; anything else is single-quoted. */
const PLAIN_WORD = /^[\w@%+=:,./-]+$/;

/** `word` quoted for a POSIX shell (bash, zsh, sh), so a printed command can be pasted as it is. */
export function shellQuote(word: string): string {
  return PLAIN_WORD.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * The command line that continues a listing from `cursor`: `avala` with the same arguments, any `--cursor` given
 * replaced by the new one. `--api-key` and its value are left out, so the key is never printed; the continuing
 * command finds it where the first found it without the flag (environment or profile), or the user adds it back.
 */
export function continuingCommand(args: readonly string[], cursor: string): string {
  const kept: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--cursor" || arg === "--api-key") i++;
    else if (!arg.startsWith("--cursor=") && !arg.startsWith("--api-key=")) kept.push(arg);
  }
  return ["avala", ...kept, "--cursor", cursor].map(shellQuote).join(" ");
}
