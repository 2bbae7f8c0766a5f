import type { Change, ChangeReport, Severity } from "./types.ts";

const HEADINGS: Record<Severity, string> = {
  breaking: "Breaking",
  "non-breaking": "Non-breaking",
  docs: "Documentation",
};

/** How many operations a change lists before summarising the rest as "+N more". */
const MAX_USERS = 3;

/** The report as text for a terminal: a summary line, then one line per change grouped by severity. */
export function renderReport(report: ChangeReport): string {
  if (report.changes.length === 0) return "Spec change report: no changes.\n";
  const { counts } = report;
  const lines = [
    `Spec change report: ${counts.breaking} breaking, ${counts["non-breaking"]} non-breaking, ${counts.docs} documentation (bump: ${report.bump})`,
  ];
  for (const severity of ["breaking", "non-breaking", "docs"] as const) {
    const group = report.changes.filter((c) => c.severity === severity);
    if (group.length === 0) continue;
    lines.push("", `${HEADINGS[severity]}:`);
    for (const change of group) lines.push(`  - ${describeChange(change)}`);
  }
  return `${lines.join("\n")}\n`;
}

/**
 * One change as a line: where, what, in which role, and which operations reach it. With `markdown`, the
 * location is a code span, so names like `data_type` or `{uid}` render literally in changelogs.
 */
export function describeChange(change: Change, options: { markdown?: boolean } = {}): string {
  const location = change.target ? `${change.subject} › ${change.target}` : change.subject;
  const where = options.markdown ? `\`${location}\`` : location;
  // Inside a shared schema the same field can be read in one place and sent in another: say which this is.
  const role = change.role && change.subject.startsWith("schema ") ? ` [${change.role}]` : "";
  let users = "";
  if (change.usedBy.length > 0) {
    const shown = change.usedBy.slice(0, MAX_USERS).map(shortOperation).join(", ");
    const more = change.usedBy.length > MAX_USERS ? ` +${change.usedBy.length - MAX_USERS} more` : "";
    users = ` (via ${shown}${more})`;
  }
  return `${where}: ${change.message}${role}${users}`;
}

// "GET /datasets/ (listDatasets)" → "listDatasets": operationIds are what SDK users know.
function shortOperation(label: string): string {
  return /\(([^)]+)\)$/.exec(label)?.[1] ?? label;
}
