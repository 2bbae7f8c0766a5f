import { Command, CommanderError } from "commander";
import { registerApi } from "./commands/api.js";
import { registerDatasets } from "./commands/datasets.js";
import { registerExports } from "./commands/exports.js";
import { registerTasks } from "./commands/tasks.js";
import { exportFollowUp, registerUpload } from "./commands/transfers.js";
import { type CommandContext, createContext, type GlobalOptions } from "./context.js";
import { EXIT, exitCodeFor } from "./exit-codes.js";
import { cliVersion } from "./version.js";

/** Builds the `avala` program (exported for tests). */
export function buildProgram(): Command {
  const program = new Command("avala")
    .description("Command-line client of the Avala API")
    .version(cliVersion)
    .option("--api-key <key>", "API key (default: $AVALA_API_KEY)")
    .option("--base-url <url>", "API root (default: $AVALA_BASE_URL or https://api.avala.ai/api/v1)")
    .option("--json", "print JSON instead of tables")
    .option("--verbose", "print error details")
    .showHelpAfterError()
    .exitOverride();
  let context: CommandContext | undefined;
  const ctx = () => {
    context ??= createContext(program.opts<GlobalOptions>());
    return context;
  };
  const datasets = registerDatasets(program, ctx);
  registerUpload(datasets, ctx);
  registerExports(program, ctx, exportFollowUp);
  registerTasks(program, ctx);
  registerApi(program, ctx);
  for (const command of program.commands) command.exitOverride();
  return program;
}

/** Runs the CLI with `argv` (as in process.argv) and returns the exit code. */
export async function run(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return process.exitCode === undefined ? EXIT.ok : Number(process.exitCode);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit 0; commander already printed the usage problem.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    const { verbose } = program.opts<GlobalOptions>();
    process.stderr.write(`avala: ${error instanceof Error ? error.message : String(error)}\n`);
    if (verbose && error instanceof Error) {
      const details = "toJSON" in error ? JSON.stringify(error, null, 2) : (error.stack ?? "");
      process.stderr.write(`${details}\n`);
      if (error.cause) process.stderr.write(`cause: ${String(error.cause)}\n`);
    }
    return exitCodeFor(error);
  }
}
