import { join } from "node:path";
import { commitFiles, stageFile } from "./atomic-write.ts";
import { type Bump, type ChangeReport, describeChange } from "./change-report/index.ts";
import type { Provenance } from "./provenance.ts";
import { dependentsOf, type WorkspacePackage } from "./workspace.ts";

/** The package generated from the spec. */
export const TYPES_PACKAGE = "@avala/types";

/** One package and the bump a changeset asks for. */
export interface Release {
  name: string;
  bump: Exclude<Bump, "none">;
}

/**
 * Which packages to bump. Breaking changes and additions reach `@avala/types` and every releasable package that
 * depends on it at run time (today `@avala/core` and `@avala/node`; `@avala/react` joins automatically once it
 * depends on either), since their public types are built from its `paths`. Text-only changes touch nothing but
 * the JSDoc in `@avala/types`.
 */
export function planReleases(report: ChangeReport, packages: WorkspacePackage[]): Release[] {
  if (report.bump === "none") return [];
  const bump = report.bump;
  const names = bump === "patch" ? [TYPES_PACKAGE] : dependentsOf(TYPES_PACKAGE, packages);
  return names.map((name) => ({ name, bump }));
}

const GROUPS = [
  ["breaking", "Breaking changes"],
  ["non-breaking", "Additions and other non-breaking changes"],
  ["docs", "Documentation"],
] as const;

/** The changeset file: frontmatter with the bumps, then a summary and every change of the report. */
export function renderChangeset(report: ChangeReport, releases: Release[], provenance: Provenance): string {
  const frontmatter = releases.map((r) => `"${r.name}": ${r.bump}`).join("\n");
  const source = provenance.source.kind === "url" ? provenance.source.url : provenance.source.path;
  const { counts } = report;
  const lines = [
    `Update the Avala OpenAPI description: ${counts.breaking} breaking, ${counts["non-breaking"]} non-breaking and ${counts.docs} documentation change(s).`,
    "",
    `Source: ${source} (fetched ${provenance.fetchedAt}, sha256 ${provenance.fetchedSha256.slice(0, 12)}…).`,
  ];
  for (const [severity, heading] of GROUPS) {
    const group = report.changes.filter((c) => c.severity === severity);
    if (group.length === 0) continue;
    lines.push("", `${heading}:`, "");
    for (const change of group) lines.push(`- ${describeChange(change, { markdown: true })}`);
  }
  return `---\n${frontmatter}\n---\n\n${lines.join("\n")}\n`;
}

/** Writes the changeset into `dir`, named after the new spec's hash so re-running replaces rather than adds. */
export async function writeChangeset(dir: string, content: string, specSha256: string): Promise<string> {
  const path = join(dir, `spec-update-${specSha256.slice(0, 12)}.md`);
  await commitFiles([await stageFile(path, content)]);
  return path;
}
