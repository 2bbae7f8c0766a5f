/**
 * Lints a candidate description with the same Redocly rules `pnpm test` uses (spec/redocly.yaml plus its
 * reviewed exceptions in .redocly.lint-ignore.yaml).
 *
 * Why a child process: @redocly/cli 2.x ships as one bundle with no dependencies, so `@redocly/openapi-core` (the
 * programmatic API) is not resolvable from it, and adding a second copy of the engine could lint differently
 * from the CLI the tests run. Spawning the pinned CLI guarantees the same verdict.
 */
import { spawn } from "node:child_process";
import { copyFile, mkdtemp, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { FetchSpecError, type LintProblem } from "./errors.ts";

/** The ignore file Redocly reads from the folder of its config file. */
const IGNORE_FILE = ".redocly.lint-ignore.yaml";

/** Outcome of a lint that found no errors. */
export interface LintResult {
  warnings: LintProblem[];
  ignored: number;
}

/**
 * Lints `text` as if it were the file `fileName` (the ignore file is keyed by file name) with `configPath`.
 * Throws `INVALID_SPEC` when Redocly reports errors; warnings are returned.
 */
export async function lintSpec(text: string, fileName: string, configPath: string): Promise<LintResult> {
  // A private folder holding the candidate, the config and its ignore file, so the exceptions apply to the
  // candidate exactly as they apply to the committed spec, and nothing is written next to the real spec.
  const dir = await mkdtemp(join(tmpdir(), "avala-fetch-spec-lint-"));
  try {
    const candidate = join(dir, basename(fileName));
    await writeFile(candidate, text);
    const config = join(dir, basename(configPath));
    await copyFile(configPath, config);
    await copyFile(join(dirname(configPath), IGNORE_FILE), join(dir, IGNORE_FILE)).catch((error) => {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    });
    const output = await runRedocly(["lint", candidate, "--config", config, "--format=json"], dir);
    const problems = output.problems.map(toProblem);
    const errors = problems.filter((p) => p.severity === "error");
    if (errors.length > 0) {
      const first = errors[0]!;
      throw new FetchSpecError(
        "INVALID_SPEC",
        `the description fails lint with ${errors.length} error(s), first: ${first.ruleId}${first.pointer ? ` at ${first.pointer}` : ""}: ${first.message} Fix the source description (or review the rule in spec/redocly.yaml).`,
        { problems },
      );
    }
    return { warnings: problems.filter((p) => p.severity !== "error"), ignored: output.totals?.ignored ?? 0 };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

interface RedoclyProblem {
  ruleId: string;
  severity: string;
  message: string;
  location?: Array<{ pointer?: string }>;
}

interface RedoclyJson {
  totals?: { errors: number; warnings: number; ignored: number };
  problems: RedoclyProblem[];
}

function toProblem(problem: RedoclyProblem): LintProblem {
  const pointer = problem.location?.[0]?.pointer;
  const base = {
    ruleId: problem.ruleId,
    severity: problem.severity === "error" ? ("error" as const) : ("warn" as const),
    message: problem.message.replace(/\s+/g, " ").trim(),
  };
  return pointer ? { ...base, pointer } : base;
}

function redoclyBin(): string {
  const require = createRequire(import.meta.url);
  try {
    return join(dirname(require.resolve("@redocly/cli/package.json")), "bin", "cli.js");
  } catch (error) {
    throw new FetchSpecError(
      "LINT_UNAVAILABLE",
      "@redocly/cli is not installed for @avala-tools/fetch-spec: run `pnpm install`.",
      { cause: error },
    );
  }
}

function runRedocly(args: string[], cwd: string): Promise<RedoclyJson> {
  return new Promise((resolvePromise, reject) => {
    // Redocly exits 1 when it finds errors; the JSON on stdout is the verdict either way.
    const child = spawn(process.execPath, [redoclyBin(), ...args], {
      cwd,
      env: {
        ...process.env,
        REDOCLY_TELEMETRY: "off",
        REDOCLY_SUPPRESS_UPDATE_NOTICE: "true",
        NO_COLOR: "1",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    child.on("error", (error) =>
      reject(
        new FetchSpecError("LINT_UNAVAILABLE", `cannot run Redocly (${error.message}).`, { cause: error }),
      ),
    );
    child.on("close", (code) => {
      const start = stdout.indexOf("{");
      try {
        resolvePromise(JSON.parse(stdout.slice(start)) as RedoclyJson);
      } catch (error) {
        const detail = stderr.trim().split("\n").filter(Boolean).at(-1) ?? `exit code ${code}`;
        reject(
          new FetchSpecError("LINT_UNAVAILABLE", `Redocly lint did not produce a report (${detail}).`, {
            cause: error,
          }),
        );
      }
    });
  });
}
