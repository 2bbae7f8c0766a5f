import type { CatalogOperation, JsonSchema } from "@avala/types/catalog";

/** One code sample as Scalar reads it from an operation's `x-codeSamples`. */
export interface CodeSample {
  /** Language for highlighting: `typescript`, `shell` or `python`. */
  lang: "typescript" | "shell" | "python";
  /** The tab's name: `@avala/node`, `avala CLI`, `curl` or `Python (official SDK)`. */
  label: string;
  source: string;
}

/** The kinds of sample, in the order the site shows them. */
export const SAMPLE_LABELS = {
  node: "@avala/node",
  cli: "avala CLI",
  curl: "curl",
  python: "Python (official SDK)",
} as const;

/** What the CLI sample needs to know about the command of an operation (read from the built `avala` program). */
export interface CliCommand {
  /** `datasets get`, as typed after `avala`. */
  words: string;
  /** Long flag of each query or header parameter the command takes, by parameter name (`limit` → `--limit`). */
  flags: Record<string, string>;
  /** Whether the command takes the body as `--data <json>`. */
  data: boolean;
  /** Whether it reads the body from a file instead (`--input <file>`, as `annotations bulk-edit` does). */
  input?: boolean;
}

/** The spec's production API root: what every sample calls unless `AVALA_BASE_URL` says otherwise. */
export const DEFAULT_BASE_URL = "https://api.avala.ai/api/v1";

const properties = (schema: JsonSchema | undefined): Record<string, JsonSchema> =>
  (schema?.properties as Record<string, JsonSchema> | undefined) ?? {};

/** The inputs a sample passes: the spec's example request (required inputs and the body's example). */
export function sampleInputs(op: CatalogOperation): Record<string, unknown> {
  const request = { ...(op.examples.request ?? {}) } as Record<string, unknown>;
  if (op.body?.required && request.body === undefined) request.body = minimalBody(op);
  return request;
}

/** A body made of the required fields' first example or a typed placeholder, when the spec has no example. */
function minimalBody(op: CatalogOperation): unknown {
  const schema = properties(op.inputSchema).body;
  if (schema?.type === "array") return [];
  const required = (schema?.required as string[] | undefined) ?? [];
  const body: Record<string, unknown> = {};
  for (const name of required) body[name] = placeholder(name, properties(schema)[name] ?? {});
  return body;
}

function placeholder(name: string, schema: JsonSchema): unknown {
  if (Array.isArray(schema.examples) && schema.examples.length > 0) return schema.examples[0];
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  if (schema.type === "integer" || schema.type === "number") return 1;
  if (schema.type === "boolean") return true;
  if (schema.type === "array") return [];
  if (schema.type === "object") return {};
  return `example-${name}`;
}

const pathNames = (op: CatalogOperation): string[] =>
  op.parameters.filter((p) => p.in === "path").map((p) => p.name);

/** Query (and header) parameters the sample sends: the required ones, with the example's values. */
function queryInputs(op: CatalogOperation, inputs: Record<string, unknown>): [string, unknown][] {
  return op.parameters
    .filter((p) => p.in !== "path" && inputs[p.name] !== undefined)
    .map((p) => [p.name, inputs[p.name]]);
}

const indent = (text: string, by: string): string => text.replaceAll("\n", `\n${by}`);
const json = (value: unknown): string => JSON.stringify(value, null, 2);

/** The path with the example's path values filled in (URL-encoded). */
function filledPath(op: CatalogOperation, inputs: Record<string, unknown>): string {
  return op.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(String(inputs[name])));
}

/**
 * The `@avala/node` sample: the resource method (`avala.datasets.get(uid)`), path values as arguments, then one
 * object with the query parameters and body fields (or the body itself); a list is walked with `for await`.
 */
export function nodeSample(op: CatalogOperation): string {
  const inputs = sampleInputs(op);
  const args = pathNames(op).map((name) => JSON.stringify(inputs[name]));
  const query = Object.fromEntries(queryInputs(op, inputs));
  const body = inputs.body;
  let params: unknown;
  if (body !== undefined && Object.keys(query).length > 0) params = { ...query, ...(body as object) };
  else if (body !== undefined) params = body;
  else if (Object.keys(query).length > 0) params = query;
  if (params !== undefined) args.push(json(params));
  const call = `avala.${op.sdkMethod}(${args.join(", ")})`;
  const lines = [
    'import { createClient } from "@avala/node";',
    "",
    op.authenticated
      ? "const avala = createClient(); // reads AVALA_API_KEY (and AVALA_BASE_URL)"
      : "const avala = createClient({ apiKey: null }); // this operation takes no key (reads AVALA_BASE_URL)",
  ];
  if (op.paginated) {
    lines.push(`for await (const item of ${call}) {`, "  console.log(item);", "}");
  } else if (op.outputSchema === null) {
    lines.push(`await ${call};`);
  } else {
    lines.push(`const result = await ${call};`, "console.log(result);");
  }
  return `${lines.join("\n")}\n`;
}

/** A word quoted for a POSIX shell when it needs quoting. */
export function shellWord(value: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(value) ? value : `'${value.replaceAll("'", `'\\''`)}'`;
}

const cliValue = (value: unknown): string[] =>
  Array.isArray(value) ? value.map((v) => String(v)) : [typeof value === "string" ? value : json(value)];

/** The `avala` CLI sample: path values as arguments, parameters as flags, the body as `--data '<json>'`. */
export function cliSample(op: CatalogOperation, command: CliCommand): string {
  const inputs = sampleInputs(op);
  const words = ["avala", command.words, ...pathNames(op).map((name) => shellWord(String(inputs[name])))];
  for (const [name, value] of queryInputs(op, inputs)) {
    const flag = command.flags[name];
    if (!flag) throw new Error(`${op.operationId}: avala ${command.words} has no flag for ${name}`);
    for (const v of cliValue(value)) words.push(flag, shellWord(v));
  }
  let file = "";
  if (inputs.body !== undefined) {
    if (command.data) words.push("--data", shellWord(JSON.stringify(inputs.body)));
    else if (command.input) {
      // The body goes in a file the command streams (a JSON array; JSON Lines work too).
      file = `cat > body.json <<'JSON'\n${JSON.stringify(inputs.body, null, 2)}\nJSON\n`;
      words.push("--input", "body.json");
    } else throw new Error(`${op.operationId}: avala ${command.words} takes no --data and no --input`);
  }
  const auth = op.authenticated ? "export AVALA_API_KEY=avk_...   # or: avala configure\n" : "";
  return `${auth}${file}${words.join(" ")}\n`;
}

/** The curl sample: the key from `$AVALA_API_KEY`, the API root from `$AVALA_BASE_URL` or the production one. */
export function curlSample(op: CatalogOperation): string {
  const inputs = sampleInputs(op);
  const query = new URLSearchParams();
  const headers: string[] = [];
  for (const [name, value] of queryInputs(op, inputs)) {
    const param = op.parameters.find((p) => p.name === name)!;
    if (param.in === "header") headers.push(`${name}: ${String(value)}`);
    else for (const v of cliValue(value)) query.append(name, v);
  }
  const search = query.size > 0 ? `?${query}` : "";
  const lines = [
    `curl -sS -X ${op.method} "\${AVALA_BASE_URL:-${DEFAULT_BASE_URL}}${filledPath(op, inputs)}${search}"`,
  ];
  if (op.authenticated) lines.push('-H "X-Avala-Api-Key: $AVALA_API_KEY"');
  for (const header of headers) lines.push(`-H ${shellWord(header)}`);
  if (inputs.body !== undefined) {
    lines.push('-H "Content-Type: application/json"', `--data ${shellWord(JSON.stringify(inputs.body))}`);
  }
  return `${lines.join(" \\\n  ")}\n`;
}

/** A JSON value as a Python literal (`true` → `True`, `null` → `None`). */
export function pythonLiteral(value: unknown, depth = 0): string {
  const pad = "    ".repeat(depth + 1);
  const end = "    ".repeat(depth);
  if (value === null || value === undefined) return "None";
  if (value === true) return "True";
  if (value === false) return "False";
  if (typeof value === "number" || typeof value === "string") return JSON.stringify(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    return `[\n${value.map((v) => `${pad}${pythonLiteral(v, depth + 1)},`).join("\n")}\n${end}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return "{}";
  return `{\n${entries.map(([k, v]) => `${pad}${JSON.stringify(k)}: ${pythonLiteral(v, depth + 1)},`).join("\n")}\n${end}}`;
}

const PYTHON_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The official Python SDK's sample (`client.datasets.get(uid)`), where it has a method for the operation: path
 * values as arguments, query parameters and body fields as keyword arguments. Undefined where it has none.
 */
export function pythonSample(op: CatalogOperation): string | undefined {
  const method = op.officialSdk.python;
  if (!method) return undefined;
  const inputs = sampleInputs(op);
  const args = pathNames(op).map((name) => JSON.stringify(inputs[name]));
  for (const [name, value] of queryInputs(op, inputs)) args.push(`${name}=${pythonLiteral(value, 1)}`);
  const body = inputs.body;
  if (body !== undefined) {
    const fields =
      typeof body === "object" && body !== null && !Array.isArray(body) ? Object.entries(body) : [];
    if (fields.length > 0 && fields.every(([k]) => PYTHON_NAME.test(k))) {
      for (const [name, value] of fields) args.push(`${name}=${pythonLiteral(value, 1)}`);
    } else if (fields.length > 0 || Array.isArray(body)) {
      args.push(pythonLiteral(body, 1));
    }
  }
  const call =
    args.length > 1 || args.some((a) => a.includes("\n"))
      ? `client.${method}(\n    ${args.map((a) => indent(a, "")).join(",\n    ")},\n)`
      : `client.${method}(${args.join("")})`;
  const lines = ["from avala import Client", "", "client = Client()  # reads AVALA_API_KEY", ""];
  if (op.paginated) lines.push(`page = ${call}`, "for item in page.items:", "    print(item)");
  else if (op.outputSchema === null) lines.push(call);
  else lines.push(`result = ${call}`, "print(result)");
  return `${lines.join("\n")}\n`;
}

/** Every sample of an operation, in the order the site shows them. */
export function samplesOf(op: CatalogOperation, command: CliCommand): CodeSample[] {
  const samples: CodeSample[] = [
    { lang: "typescript", label: SAMPLE_LABELS.node, source: nodeSample(op) },
    { lang: "shell", label: SAMPLE_LABELS.cli, source: cliSample(op, command) },
    { lang: "shell", label: SAMPLE_LABELS.curl, source: curlSample(op) },
  ];
  const python = pythonSample(op);
  if (python) samples.push({ lang: "python", label: SAMPLE_LABELS.python, source: python });
  return samples;
}
