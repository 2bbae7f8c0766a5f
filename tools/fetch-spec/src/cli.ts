import { writeFile } from "node:fs/promises";
import { relative } from "node:path";
import { type CliArgs, parseCliArgs, USAGE } from "./args.ts";
import { renderReport } from "./change-report/index.ts";
import { FetchSpecError } from "./errors.ts";
import { type FetchResult, fetchSpec } from "./fetch-spec.ts";
import { updateSpec } from "./update-spec.ts";

async function main(argv: string[]): Promise<number> {
  const args = parseCliArgs(argv);
  if (args.command === "help") {
    console.log(USAGE);
    return 0;
  }
  const options = {
    source: args.source!,
    ...(args.specPath ? { specPath: args.specPath } : {}),
    ...(args.provenancePath ? { provenancePath: args.provenancePath } : {}),
    ...(args.lintConfigPath ? { lintConfigPath: args.lintConfigPath } : {}),
    ...(args.timeoutMs ? { timeoutMs: args.timeoutMs } : {}),
  };

  if (args.command === "fetch") {
    const result = await fetchSpec(options);
    await printReport(result, args);
    printSummary(result);
    return 0;
  }

  // In JSON mode the report is the only thing on stdout, printed once the chain has finished.
  const result = await updateSpec({
    ...options,
    generate: args.generate,
    ...(args.changesetDir ? { changesetDir: args.changesetDir } : {}),
    log: args.json ? (text) => console.error(text) : undefined,
  });
  if (args.json) console.log(JSON.stringify(result.fetch.report, null, 2));
  if (args.reportPath) await writeFile(args.reportPath, `${JSON.stringify(result.fetch.report, null, 2)}\n`);
  printSummary(result.fetch);
  if (result.typecheck && result.typecheck.exitCode !== 0) {
    const { command, errorCount, errorsByPackage } = result.typecheck;
    const where = Object.entries(errorsByPackage)
      .map(([pkg, n]) => `${pkg} ${n}`)
      .join(", ");
    console.error(
      `error [TYPECHECK]: \`${command}\` failed with ${errorCount} type error(s)${where ? ` (${where})` : ""}, listed above: the spec change breaks code built on @avala/types; fix them before committing (spec, generated types${result.changesetPath ? " and changeset" : ""} are written).`,
    );
    return 1;
  }
  return 0;
}

async function printReport(result: FetchResult, args: CliArgs): Promise<void> {
  const json = `${JSON.stringify(result.report, null, 2)}\n`;
  if (args.reportPath) await writeFile(args.reportPath, json);
  process.stdout.write(args.json ? json : renderReport(result.report));
}

function printSummary(result: FetchResult): void {
  const show = (path: string) => {
    const rel = relative(process.env.INIT_CWD ?? process.cwd(), path);
    return rel && !rel.startsWith("..") ? rel : path;
  };
  const warnings = result.lintWarnings.length;
  const lint = `lint passed${warnings ? ` with ${warnings} warning(s)` : ""}`;
  const spec = result.specChanged ? `wrote ${show(result.specPath)}` : `${show(result.specPath)} unchanged`;
  const provenance = result.provenanceWritten
    ? `, recorded provenance in ${show(result.provenancePath)}`
    : "";
  // Status goes to stderr so `--json` output stays parseable.
  console.error(`${lint}; ${spec}${provenance}.`);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof FetchSpecError) {
      console.error(`error [${error.code}]: ${error.message}`);
      process.exitCode = error.code === "USAGE" ? 2 : 1;
      return;
    }
    console.error(error);
    process.exitCode = 1;
  },
);
