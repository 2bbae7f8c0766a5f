import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { Command } from "commander";
import { type GlobalOptions, resolveCredentials } from "../context.js";
import { UsageError } from "../usage-error.js";

/** What a module given to `avala agents run` may export (default, or named `agent`). */
interface AgentLike {
  name: string;
  run(options?: { signal?: AbortSignal; handleSignals?: boolean }): Promise<void>;
  runOnce(): Promise<number>;
}

/** An agent written as plain data: `export default { name, on: { "result.submitted": (ctx) => … } }`. */
interface AgentDefinition {
  name: string;
  on: Record<string, (context: never) => unknown>;
  [option: string]: unknown;
}

const isAgent = (value: unknown): value is AgentLike =>
  typeof value === "object" &&
  value !== null &&
  typeof (value as AgentLike).run === "function" &&
  typeof (value as AgentLike).runOnce === "function";

const isDefinition = (value: unknown): value is AgentDefinition =>
  typeof value === "object" &&
  value !== null &&
  typeof (value as AgentDefinition).name === "string" &&
  typeof (value as AgentDefinition).on === "object";

/**
 * `avala agents run <module>`: runs the agent a module exports, with the CLI's credentials. The module exports an
 * agent from `createAgent()` (default export or `agent`), or a plain definition `{ name, on: { event: handler } }`
 * that needs no dependency of its own. `@avala/agents` is loaded only when this command runs.
 */
export function registerAgents(program: Command): Command {
  const agents = program.command("agents").description("Automation agents that react to platform events");
  agents
    .command("run")
    .description("Run an agent module: poll pending executions and answer them until Ctrl-C")
    .argument(
      "<module>",
      "a .mjs/.js module exporting an agent (createAgent) or { name, on: { event: handler } }",
    )
    .option("--once", "handle what is pending now, print how many, and exit")
    .action(async (file: string, opts: { once?: boolean }) => {
      // The agent's own client reads these; the CLI's flags and profile come first, as for every command.
      const credentials = await resolveCredentials(program.opts<GlobalOptions>());
      process.env.AVALA_API_KEY = credentials.apiKey;
      if (credentials.baseUrl) process.env.AVALA_BASE_URL = credentials.baseUrl;
      let loaded: Record<string, unknown>;
      try {
        loaded = (await import(pathToFileURL(resolve(file)).href)) as Record<string, unknown>;
      } catch (error) {
        throw new UsageError(
          `Could not load the agent module ${file}: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
      const exported = loaded.default ?? loaded.agent;
      let agent: AgentLike;
      if (isAgent(exported)) agent = exported;
      else if (isDefinition(exported)) {
        const { createAgent } = await import("@avala/agents");
        const { on, ...options } = exported;
        const created = createAgent(options as unknown as Parameters<typeof createAgent>[0]);
        for (const [event, handler] of Object.entries(on)) {
          created.on(event, handler as Parameters<typeof created.on>[1]);
        }
        agent = created;
      } else {
        throw new UsageError(
          `${file} exports no agent: export default an agent from createAgent() (@avala/agents), or an object ` +
            '{ name: "my-agent", on: { "result.submitted": (ctx) => ctx.approve() } }.',
        );
      }
      if (opts.once) {
        const handled = await agent.runOnce();
        process.stdout.write(`${handled}\n`);
        return;
      }
      process.stderr.write(
        `avala: agent "${agent.name}" running; Ctrl-C stops it after the work in flight.\n`,
      );
      await agent.run();
      process.stderr.write(`avala: agent "${agent.name}" stopped.\n`);
    });
  return agents;
}
