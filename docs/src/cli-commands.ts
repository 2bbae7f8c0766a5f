import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import type { CatalogOperation } from "@avala/types/catalog";
import { catalogTags } from "@avala/types/catalog";
// The CLI's own naming rule (`createFleetDevice` → `fleet-devices create`), so the samples name what it registers.
import { commandNameOf } from "../../packages/cli/src/operations/command-names.ts";
import type { CliCommand } from "./samples.ts";

/** The parts of a commander `Command` read here. */
interface CommandLike {
  name(): string;
  commands: readonly CommandLike[];
  options: readonly { long?: string }[];
}

/** The whole `avala` program as the built CLI registers it (hand-written workflows and generated commands). */
async function loadProgram(): Promise<CommandLike> {
  const cliRoot = dirname(createRequire(import.meta.url).resolve("@avala/cli/package.json"));
  const url = pathToFileURL(join(cliRoot, "dist", "program.mjs")).href;
  const { buildProgram } = (await import(url)) as { buildProgram: (args: string[]) => CommandLike };
  return buildProgram([]);
}

const squash = (text: string): string => text.replace(/[^a-z0-9]/gi, "").toLowerCase();

/**
 * The command of every operation, read from the built `avala` program: its words, the flag of each parameter and
 * whether it takes `--data`. Throws naming the operation when the program has no such command or flag, so a
 * sample never shows a command line the CLI would reject.
 */
export async function cliCommands(operations: readonly CatalogOperation[]): Promise<Map<string, CliCommand>> {
  const program = await loadProgram();
  const result = new Map<string, CliCommand>();
  for (const op of operations) {
    const { group, command } = commandNameOf(op, catalogTags);
    const cmd = program.commands.find((c) => c.name() === group)?.commands.find((c) => c.name() === command);
    if (!cmd) throw new Error(`${op.operationId}: the avala CLI has no command "${group} ${command}"`);
    const longs = cmd.options.map((o) => o.long ?? "").filter(Boolean);
    const flags: Record<string, string> = {};
    for (const param of op.parameters) {
      if (param.in === "path") continue;
      const flag =
        longs.find((long) => squash(long) === squash(param.name)) ??
        longs.find((long) => squash(long) === squash(`${param.in}${param.name}`));
      if (flag) flags[param.name] = flag;
    }
    result.set(op.operationId, {
      words: `${group} ${command}`,
      flags,
      data: longs.includes("--data"),
      input: longs.includes("--input"),
    });
  }
  return result;
}
