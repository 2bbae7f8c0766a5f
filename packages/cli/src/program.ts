import type { Command } from "commander";
import { registerAgents } from "./commands/agents.js";
import { registerApi } from "./commands/api.js";
import { registerCompletion } from "./commands/completion.js";
import { registerConfigure } from "./commands/configure.js";
import { registerDatasets } from "./commands/datasets.js";
import { registerExports } from "./commands/exports.js";
import { exportFollowUp, registerUpload } from "./commands/transfers.js";
import {
  registerBulkEdit,
  registerDatasetWait,
  registerFrames,
  registerRecordingUpload,
  registerStatus,
} from "./commands/workflows.js";
import { type CommandContext, createContext, type GlobalOptions } from "./context.js";
import type { HelpLayout } from "./help-text.js";
import { registerOperations } from "./operations/register-operations.js";
import { rootProgram } from "./root.js";

/**
 * Builds the whole `avala` program: hand-written workflows first, then a command for every other operation.
 * `args` are the arguments it will parse (after `node` and the script), for commands that print a continuing
 * command.
 */
export function buildProgram(args: readonly string[] = process.argv.slice(2)): Command {
  const program = rootProgram();
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
  registerDatasetWait(datasets, ctx);
  registerExports(program, ctx, exportFollowUp);
  registerAgents(program);
  registerRecordingUpload(program, ctx);
  registerBulkEdit(program, ctx);
  registerFrames(program, ctx);
  registerStatus(program, ctx);
  registerOperations(program, ctx);
  registerApi(program, ctx);
  registerConfigure(program);
  registerCompletion(program);
  return program;
}

/** What `avala --help` lists of each top-level command, written at build time (`dist/commands.json`). */
export interface TopLevelCommand {
  name: string;
  /** As help shows it, e.g. `api [options] <method> <path>`. */
  term: string;
  description: string;
}

/** The top-level commands of `program` as `avala --help` lists them (commander's own `help` left out). */
export function topLevelCommands(program: Command): TopLevelCommand[] {
  const help = program.createHelp();
  return program.commands
    .filter((command) => command.name() !== "help")
    .map((command) => ({
      name: command.name(),
      term: help.subcommandTerm(command),
      description: help.subcommandDescription(command),
    }));
}

/** The root help of `program` as commander lays it out, for dist/help.json (see help-text.ts). */
export function helpLayout(program: Command): HelpLayout {
  const help = program.createHelp();
  help.prepareContext({ helpWidth: 80 });
  const options = help.visibleOptions(program);
  const commands = help.visibleCommands(program);
  if (options.some((o) => o.helpGroupHeading) || commands.some((c) => c.helpGroup())) {
    throw new Error("help groups other than Options/Commands are not laid out by help-text.ts: extend it");
  }
  if (help.visibleArguments(program).length > 0)
    throw new Error("the root command has no arguments to lay out");
  return {
    usage: help.commandUsage(program),
    description: help.commandDescription(program),
    termWidth: help.padWidth(program, help),
    sections: [
      { heading: "Options:", items: options.map((o) => [help.optionTerm(o), help.optionDescription(o)]) },
      {
        heading: "Commands:",
        items: commands.map((c) => [help.subcommandTerm(c), help.subcommandDescription(c)]),
      },
    ],
  };
}
