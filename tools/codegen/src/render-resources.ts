import type { Catalog, CatalogOperation, JsonSchema } from "./catalog.ts";
import { HTTP_METHODS } from "./operations.ts";
import { HEADER } from "./render.ts";
import type { OpenApiDocument, Operation } from "./spec.ts";

/**
 * How a resource method takes its inputs after the path parameters (the runtime reads the same number):
 * 0 nothing, 1 a query object, 2 the body (an object, or the array itself), 3 one object holding query
 * parameters and body fields side by side (the query names are listed so the runtime can tell them apart).
 */
type InputKind = 0 | 1 | 2 | 3;

interface Method {
  op: CatalogOperation;
  name: string;
  kind: InputKind;
  queryNames: string[];
  pathNames: string[];
  paramsRequired: boolean;
  deprecated: boolean;
}

/** A namespace of the generated tree: methods and nested namespaces by name. */
interface Namespace {
  methods: Map<string, Method>;
  children: Map<string, Namespace>;
}

const newNamespace = (): Namespace => ({ methods: new Map(), children: new Map() });
const q = (value: string): string => JSON.stringify(value);
const pascal = (name: string): string => name.charAt(0).toUpperCase() + name.slice(1);

function propertiesOf(schema: JsonSchema | undefined): Record<string, JsonSchema> {
  return (schema?.properties as Record<string, JsonSchema> | undefined) ?? {};
}

function methodOf(op: CatalogOperation, deprecated: boolean): Method {
  const where = `${op.operationId} (${op.sdkMethod})`;
  const pathNames = [...op.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!);
  const declared = op.parameters.filter((p) => p.in === "path").map((p) => p.name);
  if (pathNames.join() !== declared.join()) {
    throw new Error(`${where}: path parameters ${declared.join(", ")} are not in the order of ${op.path}`);
  }
  if (op.parameters.some((p) => p.in === "header")) {
    throw new Error(`${where}: header parameters have no place in a resource method`);
  }
  const query = op.parameters.filter((p) => p.in === "query");
  const queryNames = query.map((p) => p.name);
  const bodySchema = propertiesOf(op.inputSchema).body;
  const bodyFields = Object.keys(propertiesOf(bodySchema));
  const clash = bodyFields.find((field) => queryNames.includes(field));
  if (op.body && query.length > 0 && (bodySchema?.type !== "object" || clash)) {
    throw new Error(
      `${where}: query parameters and body cannot share one params object (${clash ?? "the body is not an object"})`,
    );
  }
  const kind: InputKind = op.body ? (query.length > 0 ? 3 : 2) : query.length > 0 ? 1 : 0;
  const paramsRequired = (op.body?.required ?? false) || query.some((p) => p.required);
  return {
    op,
    name: op.sdkMethod.split(".").at(-1)!,
    kind,
    queryNames,
    pathNames,
    paramsRequired,
    deprecated,
  };
}

/** JSDoc of a method: summary, description, each input with the spec's words, `@deprecated`. */
function jsdoc(method: Method, indent: string): string {
  const { op } = method;
  const lines = [op.summary];
  if (op.description && op.description !== op.summary) lines.push("", ...op.description.trim().split("\n"));
  const props = propertiesOf(op.inputSchema);
  const describe = (schema: JsonSchema | undefined) =>
    typeof schema?.description === "string" ? ` ${schema.description.split("\n")[0]}` : "";
  lines.push("");
  for (const name of method.pathNames) lines.push(`@param ${name}${describe(props[name])}`);
  if (method.kind !== 0) {
    const fields = [
      ...method.queryNames.map((name) => `\`${name}\`${describe(props[name])}`),
      ...(method.kind >= 2 && props.body?.type === "object"
        ? Object.entries(propertiesOf(props.body)).map(([name, s]) => `\`${name}\`${describe(s)}`)
        : []),
    ];
    const what =
      method.kind === 1
        ? "query parameters"
        : method.kind === 2
          ? props.body?.type === "array"
            ? "the request body (an array)"
            : "the request body"
          : "query parameters and body fields";
    lines.push(`@param params ${what}${fields.length ? ":" : "."}`);
    for (const field of fields.slice(0, 12)) lines.push(`  - ${field}`);
    if (fields.length > 12) lines.push(`  - … ${fields.length - 12} more (see the type)`);
  }
  lines.push("@param options request options (timeout, maxRetries, signal, headers, idempotencyKey)");
  lines.push(`@see \`${op.method} ${op.path}\` (operation \`${op.operationId}\`)`);
  if (method.deprecated) lines.push("@deprecated The API marks this operation as deprecated.");
  const body = lines
    .map((line) => `${indent} *${line ? ` ${line.replaceAll("*/", "*\\/")}` : ""}`)
    .join("\n");
  return `${indent}/**\n${body}\n${indent} */`;
}

function signature(method: Method): string {
  const id = `${q(method.op.path)}, ${q(method.op.method.toLowerCase())}`;
  const args = method.pathNames.map((name) => `${name}: PathParam<${id}, ${q(name)}>`);
  const query = method.op.paginated ? `ListQueryOf<${id}>` : `QueryOf<${id}>`;
  const params = ["", query, `BodyOf<${id}>`, `${query} & BodyOf<${id}>`][method.kind];
  if (params) args.push(`params${method.paramsRequired ? "" : "?"}: ${params}`);
  args.push("options?: RequestOptions");
  const result = method.op.paginated ? `PagePromise<ItemOf<${id}>>` : `APIPromise<DataOf<${id}>>`;
  return `${method.name}(${args.join(", ")}): ${result};`;
}

function specOf(method: Method): string {
  const { op, kind, queryNames } = method;
  const parts = [q(op.method), q(op.path), String(kind), op.paginated ? "1" : "0"];
  if (kind === 3) parts.push(`[${queryNames.map(q).join(", ")}]`);
  return `[${parts.join(", ")}]`;
}

function interfaceName(path: string[]): string {
  return `${path.map(pascal).join("")}Resource`;
}

function renderInterfaces(ns: Namespace, path: string[], out: string[], description: string): void {
  const lines: string[] = [];
  for (const [name, child] of ns.children) {
    renderInterfaces(child, [...path, name], out, `\`${[...path, name].join(".")}\`: the ${name} resource.`);
    lines.push(
      `  /** The \`${[...path, name].join(".")}\` resource. */`,
      `  readonly ${name}: ${interfaceName([...path, name])};`,
    );
  }
  for (const method of ns.methods.values()) lines.push(jsdoc(method, "  "), `  ${signature(method)}`);
  const name = path.length === 0 ? "AvalaResources" : interfaceName(path);
  out.push(`/** ${description} */\nexport interface ${name} {\n${lines.join("\n")}\n}\n`);
}

function renderTable(ns: Namespace, indent: string): string {
  const entries: string[] = [];
  for (const [name, child] of ns.children)
    entries.push(`${indent}  ${name}: ${renderTable(child, `${indent}  `)},`);
  for (const method of ns.methods.values()) entries.push(`${indent}  ${method.name}: ${specOf(method)},`);
  return `{\n${entries.join("\n")}\n${indent}}`;
}

/**
 * Renders `src/generated/resources.ts` of `@avala/core`: the resource interfaces (one method per operation,
 * named by `x-avala-sdk-method`, with JSDoc from the spec) and the table the runtime binds them from, also
 * indexed by operationId for code that dispatches operations chosen at run time (deterministic output).
 */
export function renderResources(catalog: Catalog, doc: OpenApiDocument): string {
  const deprecated = new Set<string>();
  for (const item of Object.values(doc.paths ?? {})) {
    for (const verb of HTTP_METHODS) {
      const op = item[verb] as (Operation & { deprecated?: boolean }) | undefined;
      if (op?.operationId && op.deprecated) deprecated.add(op.operationId);
    }
  }
  const root = newNamespace();
  const ordered = [...catalog.operations].sort((a, b) => a.sdkMethod.localeCompare(b.sdkMethod));
  for (const op of ordered) {
    const segments = op.sdkMethod.split(".");
    let ns = root;
    for (const segment of segments.slice(0, -1)) {
      if (ns.methods.has(segment))
        throw new Error(`${op.sdkMethod}: ${segment} is both a method and a namespace`);
      let child = ns.children.get(segment);
      if (!child) {
        child = newNamespace();
        ns.children.set(segment, child);
      }
      ns = child;
    }
    const method = methodOf(op, deprecated.has(op.operationId));
    if (ns.children.has(method.name)) throw new Error(`${op.sdkMethod} is both a method and a namespace`);
    ns.methods.set(method.name, method);
  }
  const interfaces: string[] = [];
  renderInterfaces(
    root,
    [],
    interfaces,
    "Every operation of the API as a resource method, grouped as the official SDKs group them.",
  );
  const topLevel = [...root.children.keys()];
  const index = ordered.map((op) => `  ${op.operationId}: ${op.sdkMethod.split(".").join(".")},`).sort();
  return `${HEADER}
import type { APIPromise } from "../api-promise.js";
import type { RequestOptions } from "../call-types.js";
import type { PagePromise } from "../resources/page-promise.js";
import type { OperationSpec } from "../resources/operation-spec.js";
import type {
  BodyOf,
  DataOf,
  ItemOf,
  ListQueryOf,
  PathParam,
  QueryOf,
} from "../resources/operation-types.js";

${interfaces.join("\n")}
${topLevel
  .map(
    (name) =>
      `/** The \`${name}\` resource's operations. */\nexport const ${name} = ${renderTable(root.children.get(name)!, "")} as const;\n`,
  )
  .join("\n")}
${[...root.methods.values()].map((m) => `/** The \`${m.name}\` operation. */\nexport const ${m.name}: OperationSpec = ${specOf(m)};\n`).join("")}
/** The operation behind every resource method: \`[method, path, input kind, paginated, query names]\`. */
export const resourceTable = { ${[...topLevel, ...root.methods.keys()].join(", ")} } as const;

// Built by a function marked pure, so a bundle that uses one resource (and not this index) leaves the index and
// the other resources out: property reads in a plain object literal would keep them all.
function indexById(): Readonly<Record<string, OperationSpec>> {
  return {
${index.map((line) => `  ${line}`).join("\n")}
  };
}

/** The same operations by operationId, for dispatching an operation chosen at run time. */
export const operationTable: Readonly<Record<string, OperationSpec>> = /* @__PURE__ */ indexById();
`;
}
