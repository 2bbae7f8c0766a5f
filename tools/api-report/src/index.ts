import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import {
  Extractor,
  ExtractorConfig,
  ExtractorLogLevel,
  type ExtractorMessage,
  type IConfigFile,
} from "@microsoft/api-extractor";

/** One entry point of a package: the subpath consumers import and the declaration file that types it. */
export interface ReportEntry {
  /** The subpath of the package's `exports` map, e.g. `"."` or `"./resources"`. */
  subpath: string;
  /** The declaration file of the entry, relative to the package folder. */
  types: string;
  /** The report's file name in `etc/`, e.g. `core.api.md` or `core-resources.api.md`. */
  reportFile: string;
}

type ExportTarget = string | { [condition: string]: ExportTarget } | null;

/** The first declaration file an export target names, preferring ESM (`import`) types as TypeScript's bundler resolution does. */
function typesOf(target: ExportTarget): string | undefined {
  if (target === null || typeof target === "string") {
    return typeof target === "string" && /\.d\.[cm]?ts$/.test(target) ? target : undefined;
  }
  for (const condition of ["import", "types", "default", "require"]) {
    const inner = target[condition];
    if (inner === undefined) continue;
    if (condition === "types" && typeof inner === "string") return inner;
    const found = typesOf(inner);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * The entry points of a package that get an API report: every subpath of its `exports` map that has type
 * declarations (so adding an entry to `exports` adds its report; `./package.json` has none).
 */
export function reportEntries(packageJson: {
  name: string;
  exports?: Record<string, ExportTarget>;
}): ReportEntry[] {
  const unscoped = packageJson.name.replace(/^@[^/]+\//, "");
  const entries: ReportEntry[] = [];
  for (const [subpath, target] of Object.entries(packageJson.exports ?? {})) {
    const types = typesOf(target);
    if (types === undefined) continue;
    const suffix = subpath === "." ? "" : `-${subpath.replace(/^\.\//, "").replaceAll("/", "-")}`;
    entries.push({ subpath, types, reportFile: `${unscoped}${suffix}.api.md` });
  }
  return entries;
}

/** What one run found for one entry. */
export interface EntryResult {
  entry: ReportEntry;
  /** The report differs from the committed one (in check mode), or was rewritten (in update mode). */
  changed: boolean;
  errors: string[];
}

/** The outcome of {@link runApiReport}. */
export interface ApiReportResult {
  results: EntryResult[];
  /** Committed reports in `etc/` that no exported entry produces any more. */
  stale: string[];
  ok: boolean;
}

/** Options of {@link runApiReport}. */
export interface ApiReportOptions {
  /** The package folder (holding package.json, dist/ and etc/). */
  packageDir: string;
  /** Rewrite the reports instead of failing on a difference. */
  update?: boolean;
  /** Where API Extractor's own messages go; silent by default. */
  log?: (line: string) => void;
}

// TSDoc style and release tags are not what the report is for: it shows the public surface. Everything else
// API Extractor notices (an exported symbol that references an unexported one, for example) is written into the
// report, so a review sees it.
const MESSAGES: IConfigFile["messages"] = {
  compilerMessageReporting: { default: { logLevel: ExtractorLogLevel.Error } },
  extractorMessageReporting: {
    default: { logLevel: ExtractorLogLevel.None, addToApiReportFile: true },
    "ae-missing-release-tag": { logLevel: ExtractorLogLevel.None, addToApiReportFile: false },
    // Internal symbols live in their own entry (`@avala/core/internal`), not behind an underscore.
    "ae-internal-missing-underscore": { logLevel: ExtractorLogLevel.None, addToApiReportFile: false },
    "ae-wrong-input-file-type": { logLevel: ExtractorLogLevel.Error },
    // Links in JSDoc may name module-private helpers; the report is about what is exported.
    "ae-unresolved-link": { logLevel: ExtractorLogLevel.None, addToApiReportFile: false },
  },
  tsdocMessageReporting: { default: { logLevel: ExtractorLogLevel.None, addToApiReportFile: false } },
};

/**
 * Runs API Extractor on each entry of the package (its built declaration files) and compares the report with
 * `etc/<report>.api.md`, or rewrites it with `update`.
 */
export function runApiReport(options: ApiReportOptions): ApiReportResult {
  const packageDir = resolve(options.packageDir);
  const packageJsonPath = join(packageDir, "package.json");
  const packageJson = JSON.parse(readFileSync(packageJsonPath, "utf8"));
  const entries = reportEntries(packageJson);
  const reportFolder = join(packageDir, "etc");
  if (options.update === true) mkdirSync(reportFolder, { recursive: true });
  const tempFolder = mkdtempSync(join(tmpdir(), "api-report-"));
  const results: EntryResult[] = [];
  try {
    for (const entry of entries) {
      const entryPath = join(packageDir, entry.types);
      const errors: string[] = [];
      if (!existsSync(entryPath)) {
        results.push({
          entry,
          changed: false,
          errors: [`${entry.types} does not exist: build the package first`],
        });
        continue;
      }
      const configObject: IConfigFile = {
        projectFolder: packageDir,
        mainEntryPointFilePath: entryPath,
        compiler: {
          overrideTsconfig: {
            compilerOptions: {
              target: "es2022",
              module: "preserve",
              moduleResolution: "bundler",
              lib: ["es2023", "dom", "dom.iterable"],
              types: ["node"],
              strict: true,
              skipLibCheck: true,
              jsx: "react-jsx",
            },
            files: [entryPath],
          },
        },
        apiReport: {
          enabled: true,
          reportFileName: entry.reportFile,
          reportFolder,
          reportTempFolder: tempFolder,
          includeForgottenExports: false,
        },
        docModel: { enabled: false },
        dtsRollup: { enabled: false },
        tsdocMetadata: { enabled: false },
        newlineKind: "lf",
        messages: MESSAGES,
      };
      const config = ExtractorConfig.prepare({
        configObject,
        configObjectFullPath: join(packageDir, "api-extractor.json"),
        packageJsonFullPath: packageJsonPath,
      });
      const result = Extractor.invoke(config, {
        localBuild: options.update === true,
        showVerboseMessages: false,
        messageCallback(message: ExtractorMessage) {
          if (message.logLevel === ExtractorLogLevel.Error)
            errors.push(message.formatMessageWithLocation(packageDir));
          else if (message.logLevel !== ExtractorLogLevel.None) options.log?.(message.text);
          message.handled = true;
        },
      });
      results.push({ entry, changed: result.apiReportChanged, errors });
    }
  } finally {
    rmSync(tempFolder, { recursive: true, force: true });
  }
  const produced = new Set(entries.map((e) => e.reportFile));
  const stale = existsSync(reportFolder)
    ? readdirSync(reportFolder).filter((f) => f.endsWith(".api.md") && !produced.has(f))
    : [];
  if (options.update === true) for (const file of stale) rmSync(join(reportFolder, file));
  const ok =
    results.every((r) => r.errors.length === 0 && (options.update === true || !r.changed)) &&
    (options.update === true || stale.length === 0);
  return { results, stale: options.update === true ? [] : stale, ok };
}
