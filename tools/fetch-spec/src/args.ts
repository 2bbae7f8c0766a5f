import { parseArgs } from "node:util";
import { FetchSpecError } from "./errors.ts";
import type { SpecSource } from "./source.ts";
import { resolveUserPath } from "./workspace.ts";

/** Usage text printed by `--help` and after usage errors. */
export const USAGE = `usage: avala-fetch-spec <fetch|update> (--url <url> | --file <path>) [options]

  fetch    fetch, validate, normalise; write the spec and its provenance; print the change report
  update   fetch, then pnpm generate, pnpm typecheck, and write a changeset from the report

options:
  --url <url>             take the description from an http(s) URL
  --file <path>           take the description from a local YAML or JSON file
  --spec <path>           spec to replace (default: spec/avala.openapi.yaml)
  --provenance <path>     provenance record (default: <spec name>.provenance.json next to the spec)
  --lint-config <path>    Redocly config (default: redocly.yaml next to the spec, else spec/redocly.yaml)
  --timeout <ms>          download time budget (default 30000)
  --json                  print the change report as JSON instead of text
  --report <path>         also write the change report as JSON to <path>
  --no-generate           update: skip pnpm generate and pnpm typecheck (required with --spec)
  --changeset-dir <dir>   update: where to write the changeset (default: .changeset)
  --help                  show this help`;

/** Parsed command line. Paths are absolute. */
export interface CliArgs {
  command: "fetch" | "update" | "help";
  source?: SpecSource;
  specPath?: string;
  provenancePath?: string;
  lintConfigPath?: string;
  timeoutMs?: number;
  json: boolean;
  reportPath?: string;
  generate: boolean;
  changesetDir?: string;
}

/** Parses `argv` (without node and script). Throws a `USAGE` error for anything it cannot use. */
export function parseCliArgs(argv: string[]): CliArgs {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    throw new FetchSpecError("USAGE", `${(error as Error).message}: run with --help for usage.`);
  }
  const { values, positionals } = parsed;
  const base = { json: values.json === true, generate: values["no-generate"] !== true };
  if (values.help) return { command: "help", ...base };
  const command = positionals[0] ?? "fetch";
  if (command !== "fetch" && command !== "update") {
    throw new FetchSpecError(
      "USAGE",
      `unknown command "${command}": use fetch or update (--help for usage).`,
    );
  }
  if (positionals.length > 1) {
    throw new FetchSpecError("USAGE", `unexpected argument "${positionals[1]}": run with --help for usage.`);
  }
  if ((values.url === undefined) === (values.file === undefined)) {
    throw new FetchSpecError("USAGE", "pass exactly one of --url <url> or --file <path>.");
  }
  const source: SpecSource =
    values.url !== undefined
      ? { kind: "url", url: values.url }
      : { kind: "file", path: resolveUserPath(values.file!) };
  const args: CliArgs = { command, source, ...base };
  if (values.spec !== undefined) args.specPath = resolveUserPath(values.spec);
  if (values.provenance !== undefined) args.provenancePath = resolveUserPath(values.provenance);
  if (values["lint-config"] !== undefined) args.lintConfigPath = resolveUserPath(values["lint-config"]);
  if (values.report !== undefined) args.reportPath = resolveUserPath(values.report);
  if (values["changeset-dir"] !== undefined) args.changesetDir = resolveUserPath(values["changeset-dir"]);
  if (values.timeout !== undefined) {
    const ms = Number(values.timeout);
    if (!Number.isInteger(ms) || ms <= 0) {
      throw new FetchSpecError(
        "USAGE",
        `--timeout ${values.timeout} is not a positive number of milliseconds.`,
      );
    }
    args.timeoutMs = ms;
  }
  return args;
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      url: { type: "string" },
      file: { type: "string" },
      spec: { type: "string" },
      provenance: { type: "string" },
      "lint-config": { type: "string" },
      timeout: { type: "string" },
      json: { type: "boolean" },
      report: { type: "string" },
      // Node 20's parseArgs has no allowNegative, so the negated flag is an option of its own.
      "no-generate": { type: "boolean" },
      "changeset-dir": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
}
