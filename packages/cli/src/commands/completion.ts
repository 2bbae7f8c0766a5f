import type { Command, Option } from "commander";
import { knownOptionValues } from "../operations/option-values.js";
import { UsageError } from "../usage-error.js";

/** The command tree, flattened: `""` for the top level, `"group"`, `"group command"`. */
interface Node {
  path: string;
  words: string[];
  descriptions: Map<string, string>;
  /** The options of this command that take a value, with the values to offer (empty: any value). */
  values: Map<string, readonly string[]>;
}

function flagsOf(command: Command): string[] {
  return command.options.flatMap((o) => [o.long, o.short].filter((f): f is string => Boolean(f)));
}

/** Options of `command` that take a value, by each of their flags, with their choices or known values. */
function valuesOf(command: Command): Map<string, readonly string[]> {
  const values = new Map<string, readonly string[]>();
  for (const option of command.options as Option[]) {
    if (!option.required && !option.optional) continue;
    // Only words the scripts can carry unquoted; any other value is typed by hand.
    const offered = (option.argChoices ?? knownOptionValues.get(option) ?? []).filter((v) =>
      /^[\w.:@+-]+$/.test(v),
    );
    for (const flag of [option.long, option.short]) if (flag) values.set(flag, offered);
  }
  return values;
}

function nodesOf(program: Command): Node[] {
  const nodes: Node[] = [];
  const visit = (command: Command, path: string[]) => {
    const children = command.commands.filter((c) => c.name() !== "help");
    nodes.push({
      path: path.join(" "),
      words: [...children.map((c) => c.name()), ...(path.length > 0 ? flagsOf(command) : [])],
      descriptions: new Map(children.map((c) => [c.name(), c.summary() || c.description()])),
      values: path.length > 0 ? valuesOf(command) : new Map(),
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
  const nodes = nodesOf(program);
  const cases = nodes.map((n) => `    "${n.path}") words="${n.words.join(" ")}" ;;`).join("\n");
  // `_avala_values <path> <option>` prints what the option takes (nothing for a free value) and fails for an
  // option that takes none: the word after a value-taking option is its value, not a command.
  const valueCases = [
    ...[...valuesOf(program)].map(([flag, values]) => [`*" ${flag}"`, values] as const),
    ...nodes.flatMap((n) => [...n.values].map(([flag, values]) => [`"${n.path} ${flag}"`, values] as const)),
  ]
    .map(([pattern, values]) => `    ${pattern}) echo "${values.join(" ")}" ;;`)
    .join("\n");
  return `# avala completion for bash (and zsh through bashcompinit)
_avala_values() {
  case "$1 $2" in
${valueCases}
    *) return 1 ;;
  esac
}
_avala() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" path="" i w words="" values
  for ((i = 1; i < COMP_CWORD; i++)); do
    w="\${COMP_WORDS[i]}"
    if [[ $w == -* ]]; then
      [[ $w != *=* ]] && _avala_values "$path" "$w" >/dev/null && i=$((i + 1))
      continue
    fi
    path="\${path:+$path }$w"
  done
  if ((COMP_CWORD > 1)) && values=$(_avala_values "$path" "\${COMP_WORDS[COMP_CWORD - 1]}"); then
    COMPREPLY=($(compgen -W "$values" -- "$cur"))
    return
  fi
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
  /** `-r` for an option that takes a value, `-x -a '…'` when its values are known. */
  const takes = (values: readonly string[] | undefined) =>
    values === undefined ? "" : values.length > 0 ? ` -x -a ${quote(values.join(" "))}` : " -r";
  const globalValues = valuesOf(program);
  const lines = ["# avala completion for fish", "complete -c avala -f"];
  for (const flag of flagsOf(program).filter((f) => f.startsWith("--")))
    lines.push(`complete -c avala -l ${flag.slice(2)}${takes(globalValues.get(flag))}`);
  for (const node of nodesOf(program)) {
    const parts = node.path === "" ? [] : node.path.split(" ");
    const condition =
      parts.length === 0
        ? "__fish_use_subcommand"
        : parts.map((p) => `__fish_seen_subcommand_from ${p}`).join("; and ");
    for (const word of node.words) {
      if (word.startsWith("--"))
        lines.push(
          `complete -c avala -n ${quote(condition)} -l ${word.slice(2)}${takes(node.values.get(word))}`,
        );
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
