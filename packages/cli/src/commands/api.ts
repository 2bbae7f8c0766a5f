import type { Command } from "commander";
import type { CommandContext } from "../context.js";
import { UsageError } from "../usage-error.js";

/** `avala api <METHOD> <path> [--data json] [--query k=v]`: any operation of the spec, answered as JSON. */
export function registerApi(program: Command, context: () => CommandContext): void {
  program
    .command("api")
    .description("Call any operation of the API, e.g. `avala api GET /datasets/` (prints the JSON response)")
    .argument("<method>", "HTTP method")
    .argument("<path>", "path relative to the API root, with its trailing slash, e.g. /exports/<uid>/")
    .option("--data <json>", "JSON request body")
    .option("--query <key=value>", "query parameter (repeatable)", (v: string, prev: string[] = []) => [
      ...prev,
      v,
    ])
    .action(async (method: string, path: string, opts: { data?: string; query?: string[] }) => {
      const { client, out } = context();
      const upper = method.toUpperCase();
      const { createRouteTable } = await import("@avala/node");
      const match = createRouteTable().match(upper, path);
      if (!match) {
        throw new UsageError(
          `${upper} ${path} is not an operation of the Avala API (paths end with "/"; see \`avala api --help\`).`,
        );
      }
      let body: unknown;
      if (opts.data !== undefined) {
        try {
          body = JSON.parse(opts.data);
        } catch {
          throw new UsageError("--data is not valid JSON.");
        }
      }
      const query: Record<string, string> = {};
      for (const pair of opts.query ?? []) {
        const at = pair.indexOf("=");
        if (at <= 0) throw new UsageError(`--query expects key=value, got "${pair}".`);
        query[pair.slice(0, at)] = pair.slice(at + 1);
      }
      // The path comes from the command line: matched to the spec's template and sent by the client's untyped
      // dispatch, so the call still gets the operation's limits, retries and error mapping. The answer is printed
      // as the API sent it (a list's wire page, not a resource page).
      const result = await client().request(upper, match.operation.path, {
        // The matched segments are still percent-encoded; openapi-fetch encodes path parameters itself.
        params: {
          path: Object.fromEntries(Object.entries(match.params).map(([k, v]) => [k, decodeURIComponent(v)])),
          query,
        },
        ...(body === undefined ? {} : { body }),
      });
      out.result(result ?? null, () => process.stdout.write(`${JSON.stringify(result ?? null, null, 2)}\n`));
    });
}
