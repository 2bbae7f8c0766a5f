import { join, resolve } from "node:path";
import { renderReport } from "./change-report/index.ts";
import { planReleases, type Release, renderChangeset, writeChangeset } from "./changeset.ts";
import { FetchSpecError } from "./errors.ts";
import { type FetchOptions, type FetchResult, fetchSpec } from "./fetch-spec.ts";
import { type CommandResult, pnpmCommand, runCommand } from "./run-command.ts";
import { findWorkspaceRoot, readReleasablePackages, SPEC_RELATIVE_PATH } from "./workspace.ts";

/** Options of `spec:update`: those of `spec:fetch` plus the later steps. */
export interface UpdateOptions extends FetchOptions {
  /** Run `pnpm generate` and `pnpm typecheck` (default true). Only possible on the repository's own spec. */
  generate?: boolean;
  /** Where the changeset goes (default `<root>/.changeset`). */
  changesetDir?: string;
  /** The commands for the generate and typecheck steps (default `pnpm generate`, `pnpm typecheck --continue`). */
  commands?: { generate: string[]; typecheck: string[] };
  /** Progress output (default console.log). */
  log?: (text: string) => void;
  /** Stream the commands' output while they run (default true). */
  echo?: boolean;
}

/** The type check run after generation; `errorCount` counts `error TSxxxx` lines. */
export interface TypecheckResult extends CommandResult {
  errorCount: number;
  /** Errors per package, from turbo's `<package>:typecheck:` line prefixes (empty when there are none). */
  errorsByPackage: Record<string, number>;
}

/** What `spec:update` did. A failed type check is reported here, not thrown: the caller decides the exit code. */
export interface UpdateResult {
  fetch: FetchResult;
  generate?: CommandResult;
  typecheck?: TypecheckResult;
  releases: Release[];
  changesetPath?: string;
}

/**
 * fetch → change report → `pnpm generate` → `pnpm typecheck` → changeset. Type errors in the packages built on
 * the generated types do not stop the chain: they are printed as they happen, counted in the result, and the
 * changeset is still written, so one run shows everything the spec change did.
 */
export async function updateSpec(options: UpdateOptions): Promise<UpdateResult> {
  const root = options.root ?? findWorkspaceRoot();
  const log = options.log ?? ((text: string) => console.log(text));
  const generate = options.generate ?? true;
  const repoSpec = join(root, SPEC_RELATIVE_PATH);
  if (generate && options.specPath && resolve(options.specPath) !== repoSpec) {
    // The packages' generate scripts read spec/avala.openapi.yaml; generating would ignore --spec.
    throw new FetchSpecError(
      "USAGE",
      `--spec ${options.specPath} is not ${SPEC_RELATIVE_PATH}, which \`pnpm generate\` reads: add --no-generate.`,
    );
  }

  const fetched = await fetchSpec({ ...options, root });
  log(renderReport(fetched.report));
  const result: UpdateResult = { fetch: fetched, releases: [] };
  if (!fetched.specChanged) {
    log(`${fetched.specPath} is unchanged: nothing to generate, no changeset written.`);
    return result;
  }

  if (generate) {
    const pnpm = pnpmCommand();
    // --continue: turbo stops at the first failing package otherwise, hiding errors in the others.
    const commands = options.commands ?? {
      generate: [...pnpm, "generate"],
      typecheck: [...pnpm, "typecheck", "--continue"],
    };
    const echo = options.echo ?? true;
    log(`$ ${commands.generate.join(" ")}`);
    result.generate = await runCommand(commands.generate, root, echo);
    if (result.generate.exitCode !== 0) {
      throw new FetchSpecError(
        "GENERATE_FAILED",
        `\`${result.generate.command}\` failed (exit ${result.generate.exitCode}, output above); the new spec is in place: fix the cause and run \`pnpm generate\` again.`,
      );
    }
    log(`$ ${commands.typecheck.join(" ")}`);
    const typecheck = await runCommand(commands.typecheck, root, echo);
    result.typecheck = { ...typecheck, ...countTypeErrors(typecheck.output) };
  }

  result.releases = planReleases(fetched.report, readReleasablePackages(root));
  if (result.releases.length > 0) {
    const content = renderChangeset(fetched.report, result.releases, fetched.provenance);
    result.changesetPath = await writeChangeset(
      options.changesetDir ?? join(root, ".changeset"),
      content,
      fetched.provenance.specSha256,
    );
    log(`wrote ${result.changesetPath}`);
  }
  return result;
}

function countTypeErrors(output: string): Pick<TypecheckResult, "errorCount" | "errorsByPackage"> {
  const errorsByPackage: Record<string, number> = {};
  let errorCount = 0;
  for (const line of output.split("\n")) {
    if (!/error TS\d+/.test(line)) continue;
    errorCount++;
    const pkg = /^(\S+?):typecheck:/.exec(line)?.[1];
    if (pkg) errorsByPackage[pkg] = (errorsByPackage[pkg] ?? 0) + 1;
  }
  return { errorCount, errorsByPackage };
}
