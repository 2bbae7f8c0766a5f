import { Command, CommanderError } from "commander";
import { registerApi } from "./commands/api.js";
import { registerCompletion } from "./commands/completion.js";
import { registerConfigure } from "./commands/configure.js";
import { registerDatasets } from "./commands/datasets.js";
import { registerExports } from "./commands/exports.js";
import { exportFollowUp, registerUpload } from "./commands/transfers.js";
import { type CommandContext, createContext, type GlobalOptions } from "./context.js";
import { describeError, EXIT, exitCodeFor } from "./exit-codes.js";
import { registerOperations } from "./operations/register-operations.js";
import { cliVersion } from "./version.js";

/**
 * Builds the `avala` program: hand-written workflows first, then a command for every other operation. `args` are
 * the arguments it will parse (after `node` and the script), for the commands that print a continuing command.
 */
export function buildProgram(args: readonly string[] = process.argv.slice(2)): Command {
  const program = new Command("avala")
    .description("Command-line client of the Avala API")
    .version(cliVersion)
    .option("--api-key <key>", "API key (default: $AVALA_API_KEY, then the profile's)")
    .option(
      "--base-url <url>",
      "API root (default: $AVALA_BASE_URL, the profile's, or https://api.avala.ai/api/v1)",
    )
    .option("--profile <name>", "profile stored by `avala configure` (default: $AVALA_PROFILE or default)")
    .option("--json", "print JSON instead of tables")
    .option("--fields <a,b>", "only these fields of each result (JSON and tables)")
    .option("--columns <a,b>", "table columns to show")
    .option("--verbose", "print error details")
    .exitOverride()
    .configureHelp({ sortSubcommands: true })
    // Usage errors are one line: "avala: unknown option '--x'", without the help text after it.
    .configureOutput({
      outputError: (text, write) => write(`avala: ${text.replace(/^error: /, "")}`),
    });
  let context: CommandContext | undefined;
  program.hook("preAction", async () => {
    context = await createContext(program.opts<GlobalOptions>(), args);
  });
  const ctx = () => {
    if (!context) throw new Error("the command ran before its context was created");
    return context;
  };
  const datasets = registerDatasets(program, ctx);
  registerUpload(datasets, ctx);
  registerExports(program, ctx, exportFollowUp);
  registerOperations(program, ctx);
  registerApi(program, ctx);
  registerConfigure(program);
  registerCompletion(program);
  return program;
}

/** Runs the CLI with `argv` (as in process.argv) and returns the exit code. */
export async function run(argv: string[]): Promise<number> {
  const program = buildProgram(argv.slice(2));
  try {
    await program.parseAsync(argv);
    return process.exitCode === undefined ? EXIT.ok : Number(process.exitCode);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit 0; commander already printed the usage problem (one line, see configureOutput).
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
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
