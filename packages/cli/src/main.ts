// The entry of `avala`. Nothing heavy loads before the arguments are read: `avala --version` prints the version
// and `avala`, `avala --help` and `avala -h` print the root help laid out at build time (dist/help.json), both
// without loading anything; other option-only lines (`avala --json --help`) load only commander, answering from
// the list of top-level commands written at build time (dist/commands.json). The commands themselves (the
// operation catalog, @avala/node and undici) load only when one is named.
import { readFileSync } from "node:fs";
import type { Command, Help } from "commander";
import type { GlobalOptions } from "./context.js";
import { EXIT } from "./exit.js";
import { type HelpLayout, renderHelp } from "./help-text.js";
import type { TopLevelCommand } from "./program.js";
import { cliVersion } from "./version.js";

/** Global options that take a value: the word after them is that value, not a command. */
const VALUE_OPTIONS = new Set(["--api-key", "--base-url", "--profile", "--fields", "--columns"]);
/** `avala --version` and `avala -V`, answered as commander would, without loading it. */
const VERSION_FLAGS = new Set(["--version", "-V"]);

/** Whether `args` name a command (a word that is neither an option nor a global option's value). */
function namesCommand(args: readonly string[]): boolean {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith("-") || arg === "--") return true;
    if (VALUE_OPTIONS.has(arg)) i++;
  }
  return false;
}

/** `avala --help` and `avala -h`: help on stdout, exit 0. */
const HELP_FLAGS = new Set(["--help", "-h"]);

/** A JSON file written by the build beside this module, or undefined when there is none (running from sources). */
function built<T>(name: string): T | undefined {
  try {
    return JSON.parse(readFileSync(new URL(name, import.meta.url), "utf8"));
  } catch {
    return undefined;
  }
}

/**
 * Prints the root help without commander, as it would: on stdout for `--help`/`-h` (exit 0), on stderr for a bare
 * `avala` (exit as a usage error). Returns undefined when `args` ask for something else or the layout is missing.
 */
function rootHelp(args: readonly string[]): number | undefined {
  const asked = args.length === 1 && HELP_FLAGS.has(args[0]!);
  if (!asked && args.length > 0) return undefined;
  const layout = built<HelpLayout>("./help.json");
  if (!layout) return undefined;
  const stream = asked ? process.stdout : process.stderr;
  stream.write(renderHelp(layout, stream.isTTY ? stream.columns : undefined));
  return asked ? EXIT.ok : EXIT.usage;
}

/** The root program with each top-level command as a stub: enough for help, version and usage errors. */
async function topLevelProgram(commands: readonly TopLevelCommand[]): Promise<Command> {
  const [{ Help }, { rootProgram }] = await Promise.all([import("commander"), import("./root.js")]);
  const program = rootProgram();
  const terms = new Map(commands.map((c) => [c.name, c.term]));
  for (const command of commands) program.command(command.name).description(command.description);
  return program.configureHelp({
    sortSubcommands: true,
    // The stubs have no arguments or options of their own: their terms come from the list, `help`'s from commander.
    subcommandTerm(this: Help, command) {
      return terms.get(command.name()) ?? Help.prototype.subcommandTerm.call(this, command);
    },
  });
}

/** Runs the CLI with `argv` (as in process.argv) and returns the exit code. */
export async function run(argv: string[]): Promise<number> {
  const args = argv.slice(2);
  if (args.length === 1 && VERSION_FLAGS.has(args[0]!)) {
    process.stdout.write(`${cliVersion}\n`);
    return EXIT.ok;
  }
  const helped = rootHelp(args);
  if (helped !== undefined) return helped;
  const commands = namesCommand(args) ? undefined : built<TopLevelCommand[]>("./commands.json");
  const program = commands
    ? await topLevelProgram(commands)
    : (await import("./program.js")).buildProgram(args);
  const { CommanderError } = await import("commander");
  try {
    await program.parseAsync(argv);
    return process.exitCode === undefined ? EXIT.ok : Number(process.exitCode);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit 0; commander already printed the usage problem (one line, see configureOutput).
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    const { describeError, exitCodeFor } = await import("./exit-codes.js");
    const { verbose } = program.opts<GlobalOptions>();
    process.stderr.write(`avala: ${describeError(error)}\n`);
    if (verbose && error instanceof Error) {
      const details = "toJSON" in error ? JSON.stringify(error, null, 2) : (error.stack ?? "");
      process.stderr.write(`${details}\n`);
      if (error.cause) process.stderr.write(`cause: ${String(error.cause)}\n`);
    }
    return exitCodeFor(error);
  }
}
