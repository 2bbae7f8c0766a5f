import type { ResourcePage } from "@avala/node";
import { type CatalogOperation, catalog, catalogTags, type JsonSchema } from "@avala/types/catalog";
import { type Command, Option } from "commander";
import type { CommandContext } from "../context.js";
import { UsageError } from "../usage-error.js";
import { commandNameOf } from "./command-names.js";
import { continuingCommand } from "./continuation.js";
import {
  coerce,
  describedValues,
  enumChoices,
  knownOptionValues,
  knownValues,
  schemaType,
} from "./option-values.js";
import { type BodyInput, requestBody } from "./request-body.js";
import { defaultColumns } from "./resource-columns.js";

/** Options every generated list command has on top of the operation's own. */
interface ListInput {
  all?: boolean;
  limit?: number;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];
const kebab = (name: string) => name.replace(/_/g, "-");
/** Flags of generated commands themselves; an operation parameter with one of these names gets a prefix. */
const RESERVED = new Set(["data", "field", "all", "help", "json", "fields", "columns"]);

function propertySchema(operation: CatalogOperation, name: string): JsonSchema | undefined {
  return (operation.inputSchema.properties as Record<string, JsonSchema> | undefined)?.[name];
}

function describe(schema: JsonSchema | undefined): string {
  const text = typeof schema?.description === "string" ? schema.description.split("\n")[0]! : "";
  const type = schemaType(schema);
  const known = knownValues(schema);
  return [
    text,
    type && type !== "string" ? `(${type})` : "",
    known ? `(known values: ${known.join(", ")}; others accepted)` : "",
  ]
    .filter(Boolean)
    .join(" ");
}

/** The body's fields for the help text: name, type, whether required, and the spec's description. */
function bodyHelp(schema: JsonSchema | undefined): string | undefined {
  const properties = Object.entries((schema?.properties as Record<string, JsonSchema> | undefined) ?? {});
  if (properties.length === 0) return undefined;
  const required = new Set((schema?.required as string[] | undefined) ?? []);
  const lines = properties.map(([name, field]) => {
    const type = schemaType(field) ?? "any";
    const choices = enumChoices(field);
    const notes = [type, required.has(name) ? "required" : "", choices ? `one of ${choices.join(", ")}` : ""];
    return `  ${name} (${notes.filter(Boolean).join(", ")})  ${describe(field).replace(/ \(\w+\)$/, "")}`;
  });
  return `\nBody fields (-f field=value, or --data):\n${lines.join("\n")}`;
}

/** Required top-level body fields missing from a body that was given. */
function missingFields(body: unknown, schema: JsonSchema | undefined): string[] {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return [];
  const required = (schema?.required as string[] | undefined) ?? [];
  return required.filter((name) => !(name in body));
}

/** One path-parameter argument or parameter option of a command, and where its value goes in the request. */
interface Input {
  name: string;
  in: "path" | "query" | "header";
  /** Commander's attribute name of an option; undefined for a positional argument. */
  attribute?: string;
  schema: JsonSchema | undefined;
}

/** `avala <group> <command>` for one operation of the catalog. */
function addOperation(
  group: Command,
  name: string,
  operation: CatalogOperation,
  context: () => CommandContext,
) {
  const command = group.command(name).summary(operation.summary).description(operation.summary);
  if (operation.description) command.addHelpText("after", `\n${operation.description.trim()}`);
  command.addHelpText(
    "after",
    `\nOperation: ${operation.operationId} (${operation.method} ${operation.path})`,
  );
  const inputs: Input[] = [];
  for (const parameter of operation.parameters) {
    const schema = propertySchema(operation, parameter.name);
    if (parameter.in === "path") {
      command.argument(`<${parameter.name}>`, describe(schema));
      inputs.push({ name: parameter.name, in: "path", schema });
      continue;
    }
    const flag = RESERVED.has(parameter.name)
      ? `${parameter.in}-${kebab(parameter.name)}`
      : kebab(parameter.name);
    const option = new Option(`--${flag} <value>`, describe(schema));
    const choices = enumChoices(schema);
    if (choices) option.choices(choices);
    const known = knownValues(schema) ?? describedValues(schema);
    if (known) knownOptionValues.set(option, known);
    if (schemaType(schema) === "array") option.argParser(collect);
    if (parameter.required) option.makeOptionMandatory();
    command.addOption(option);
    inputs.push({ name: parameter.name, in: parameter.in, attribute: option.attributeName(), schema });
  }
  const bodySchema = propertySchema(operation, "body");
  if (operation.body) {
    const helpText = bodyHelp(bodySchema);
    if (helpText) command.addHelpText("after", helpText);
    command.option("--data <json>", "request body as JSON, or @file.json to read it from a file");
    command.option(
      "-f, --field <field=value>",
      "set a body field, typed by the body schema (repeatable)",
      collect,
    );
  }
  if (operation.paginated) {
    command.option("--all", "follow every page (printed as it arrives)");
  }
  const columns = defaultColumns(group.name(), operation.outputSchema);
  command.action(async (...args: unknown[]) => {
    const opts = args[inputs.filter((i) => i.in === "path").length] as Record<string, unknown> &
      BodyInput &
      ListInput;
    const { client, out, args: commandLine } = context();
    // The input as the catalog keys it (each parameter by name, then `body`), in the spec's parameter order, which
    // is the order of the query string; a header parameter goes with the request's headers.
    const input: Record<string, unknown> = {};
    const headers: Record<string, string> = {};
    let position = 0;
    for (const param of inputs) {
      const raw = param.attribute === undefined ? args[position++] : opts[param.attribute];
      if (raw === undefined) continue;
      const what = param.attribute === undefined ? `<${param.name}>` : `--${kebab(param.name)}`;
      const value = Array.isArray(raw)
        ? raw.map((v: string) => coerce(v, param.schema, what))
        : coerce(raw as string, param.schema, what);
      if (param.in === "header") headers[param.name] = String(value);
      else input[param.name] = value;
    }
    const body = operation.body ? await requestBody(opts, bodySchema) : undefined;
    const missing = missingFields(body, bodySchema);
    if (missing.length > 0) {
      throw new UsageError(
        `The body needs ${missing.join(", ")}: add -f ${missing[0]}=… or put it in --data.`,
      );
    }
    if (operation.body?.required && body === undefined) {
      throw new UsageError(
        `${group.name()} ${name} needs a body: --data '<json>', --data @file.json or -f field=value.`,
      );
    }
    if (body !== undefined) input.body = body;
    // The client's one dispatch path: the operation by its id, sent through the client's pipeline.
    // @avala/node (and undici under it) loads when a command runs, not when the program starts.
    const { invoke, PagePromise } = await import("@avala/node");
    const call = invoke(client(), operation.operationId, input, { headers });
    if (call instanceof PagePromise) {
      const limit = typeof input.limit === "number" ? input.limit : undefined;
      const end: ListEnd = { cursor: null };
      await out.list(pagesOf(call, opts.all === true, limit, end), columns);
      if (end.cursor !== null) out.more(continuingCommand(commandLine, end.cursor));
      return;
    }
    const result = await call;
    if (result === undefined) out.line("Done.");
    else out.record(result);
  });
}

/** Where a printed listing stopped: the cursor that continues it, or null when it reached the end. */
interface ListEnd {
  cursor: string | null;
}

/**
 * The pages to print: the first only, or every one with `--all`; at most `limit` items when `--limit` is given.
 * `end.cursor` is set to the next page's cursor of the last page printed, when it was printed whole.
 */
async function* pagesOf(
  list: { pages(): AsyncIterable<ResourcePage<unknown>> },
  all: boolean,
  limit: number | undefined,
  end: ListEnd,
): AsyncIterable<readonly unknown[]> {
  let left = limit ?? Number.POSITIVE_INFINITY;
  for await (const page of list.pages()) {
    const items = page.results.slice(0, left);
    left -= items.length;
    // Continuing from a page cut short would skip the rest of it (only a server ignoring `limit` sends more).
    end.cursor = items.length === page.items.length ? page.nextCursor : null;
    yield items;
    if (!all || left <= 0) return;
  }
}

/** Where each operation of the catalog is on the command line, as `group command` (for tests and completion). */
export function operationCommands(): Map<string, string> {
  return new Map(
    catalog.map((operation) => {
      const { group, command } = commandNameOf(operation, catalogTags);
      return [operation.operationId, `${group} ${command}`];
    }),
  );
}

/**
 * Adds a command for every operation of the catalog: groups from tags, commands from operation names. A
 * hand-written command already registered under the same name stays (it covers the operation with a workflow).
 */
export function registerOperations(program: Command, context: () => CommandContext): void {
  const groups = new Map(program.commands.map((c) => [c.name(), c]));
  for (const operation of catalog) {
    const { group: groupName, command } = commandNameOf(operation, catalogTags);
    let group = groups.get(groupName);
    if (!group) {
      const tag = catalogTags.find((t) => t.slug === groupName);
      group = program
        .command(groupName)
        .description(tag?.description.split("\n")[0] || tag?.name || groupName);
      groups.set(groupName, group);
    }
    if (group.commands.some((c) => c.name() === command)) continue;
    addOperation(group, command, operation, context);
  }
}
