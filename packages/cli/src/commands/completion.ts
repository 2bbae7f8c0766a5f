import type { Command } from "commander";
import { UsageError } from "../usage-error.js";

/** The command tree, flattened: `""` for the top level, `"group"`, `"group command"`. */
interface Node {
  path: string;
  words: string[];
  descriptions: Map<string, string>;
}

function flagsOf(command: Command): string[] {
  return command.options.flatMap((o) => [o.long, o.short].filter((f): f is string => Boolean(f)));
}

function nodesOf(program: Command): Node[] {
  const nodes: Node[] = [];
  const visit = (command: Command, path: string[]) => {
    const children = command.commands.filter((c) => c.name() !== "help");
    nodes.push({
      path: path.join(" "),
      words: [...children.map((c) => c.name()), ...(path.length > 0 ? flagsOf(command) : [])],
      descriptions: new Map(children.map((c) => [c.name(), c.summary() || c.description()])),
    });
    for (const child of children) visit(child, [...path, child.name()]);
  };
  visit(program, []);
  return nodes;
}

// Hand-written (no completion library covers bash, zsh and fish from a commander tree without adding a
// runtime dependency): the scripts are static, so completing costs no process start.
function bash(program: Command): string {
  const globals = flagsOf(program).join(" ");
  const cases = nodesOf(program)
    .map((n) => `    "${n.path}") words="${n.words.join(" ")}" ;;`)
    .join("\n");
  return `# avala completion for bash (and zsh through bashcompinit)
_avala() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" path="" i w words=""
  for ((i = 1; i < COMP_CWORD; i++)); do
    w="\${COMP_WORDS[i]}"
    [[ $w == -* ]] && continue
    path="\${path:+$path }$w"
  done
  case "$path" in
${cases}
  esac
  COMPREPLY=($(compgen -W "$words ${globals}" -- "$cur"))
}
complete -F _avala avala
`;
}

function zsh(program: Command): string {
  return `#compdef avala
# avala completion for zsh: the bash completion through zsh's bashcompinit
autoload -U +X bashcompinit && bashcompinit
${bash(program)}`;
}

function fish(program: Command): string {
  const quote = (text: string) => `'${text.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
  const lines = ["# avala completion for fish", "complete -c avala -f"];
  for (const flag of flagsOf(program).filter((f) => f.startsWith("--")))
    lines.push(`complete -c avala -l ${flag.slice(2)}`);
  for (const node of nodesOf(program)) {
    const parts = node.path === "" ? [] : node.path.split(" ");
    const condition =
      parts.length === 0
        ? "__fish_use_subcommand"
        : parts.map((p) => `__fish_seen_subcommand_from ${p}`).join("; and ");
    for (const word of node.words) {
      if (word.startsWith("--")) lines.push(`complete -c avala -n ${quote(condition)} -l ${word.slice(2)}`);
      else if (!word.startsWith("-")) {
        const description = node.descriptions.get(word)?.split("\n")[0] ?? "";
        lines.push(`complete -c avala -n ${quote(condition)} -a ${word} -d ${quote(description)}`);
      }
    }
  }
  return `${lines.join("\n")}\n`;
}

const SHELLS = { bash, zsh, fish } as const;

/** `avala completion <bash|zsh|fish>`: prints the shell's completion script. */
export function registerCompletion(program: Command): void {
  program
    .command("completion")
    .description("Print a shell completion script: bash, zsh or fish")
    .argument("<shell>", "bash, zsh or fish")
    .addHelpText(
      "after",
      `
  bash:  source <(avala completion bash)          (or add it to ~/.bashrc)
  zsh:   source <(avala completion zsh)           (or add it to ~/.zshrc)
  fish:  avala completion fish > ~/.config/fish/completions/avala.fish`,
    )
    .action((shell: string) => {
      const script = SHELLS[shell as keyof typeof SHELLS];
      if (!script) throw new UsageError(`No completion for "${shell}": choose bash, zsh or fish.`);
      process.stdout.write(script(program));
    });
}
