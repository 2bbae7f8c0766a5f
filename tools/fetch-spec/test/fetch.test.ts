import { createHash } from "node:crypto";
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ChangeReport } from "../src/index.ts";
import {
  fileSha,
  guardRepository,
  makeWorkspace,
  modifiedSpecText,
  removeWorkspace,
  runCli,
  serve,
  type TempWorkspace,
} from "./helpers.ts";

guardRepository();

let ws: TempWorkspace;
beforeEach(() => {
  ws = makeWorkspace();
});
afterEach(() => removeWorkspace(ws));

function expectModifiedReport(report: ChangeReport): void {
  const find = (kind: string, subject: string, target?: string) =>
    report.changes.find(
      (c) =>
        c.kind === kind && c.subject.startsWith(subject) && (target === undefined || c.target === target),
    );
  expect(find("operation-removed", "GET /datasets/{uid}/ (getDataset)")?.severity).toBe("breaking");
  const retyped = find("type-changed", "schema WebhookDelivery", "response_body_size");
  expect(retyped).toMatchObject({
    severity: "breaking",
    role: "response",
    before: ["integer"],
    after: ["string"],
  });
  expect(retyped?.usedBy).toEqual(expect.arrayContaining([expect.stringContaining("getWebhookDelivery")]));
  expect(find("operation-added", "GET /datasets/{uid}/summary/ (getDatasetSummary)")?.severity).toBe(
    "non-breaking",
  );
  expect(report.bump).toBe("major");
  expect(report.counts).toEqual({ breaking: 2, "non-breaking": 1, docs: 0 });
}

describe("spec:fetch", () => {
  it("takes a modified copy from --file, reports and classifies its changes, writes spec and provenance", async () => {
    const source = join(ws.root, "published.yaml");
    writeFileSync(source, modifiedSpecText());
    const run = await runCli(["fetch", "--file", source, "--spec", ws.spec, "--json"], ws.root);
    expect(run.stderr).toContain("lint passed");
    expect(run.code).toBe(0);

    expectModifiedReport(JSON.parse(run.stdout) as ChangeReport);
    const written = readFileSync(ws.spec, "utf8");
    expect(written).toContain("operationId: getDatasetSummary");
    expect(written).not.toContain("operationId: getDataset\n");

    const provenance = JSON.parse(readFileSync(ws.provenance, "utf8"));
    expect(provenance).toMatchObject({
      // Outside the workspace, so recorded as given (inside it, the path is relative to the root).
      source: { kind: "file", path: source },
      fetchedSha256: fileSha(source),
      specSha256: fileSha(ws.spec),
      specFile: "avala.openapi.yaml",
      openapi: "3.1.0",
    });
    expect(new Date(provenance.fetchedAt).toISOString()).toBe(provenance.fetchedAt);
  });

  it("takes the same copy from --url (served by a local server) and prints a readable report", async () => {
    const body = Buffer.from(modifiedSpecText());
    const server = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "application/yaml" });
      res.end(body);
    });
    try {
      const url = `${server.url}/v1/openapi.yaml?token=s3cr3t`;
      const report = join(ws.root, "report.json");
      const run = await runCli(["fetch", "--url", url, "--spec", ws.spec, "--report", report], ws.root);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(
        "Spec change report: 2 breaking, 1 non-breaking, 0 documentation (bump: major)",
      );
      expect(run.stdout).toContain("GET /datasets/{uid}/ (getDataset): operation removed");
      expect(run.stdout).toMatch(
        /schema WebhookDelivery › response_body_size: type changed: integer → string/,
      );
      expectModifiedReport(JSON.parse(readFileSync(report, "utf8")) as ChangeReport);

      const provenance = JSON.parse(readFileSync(ws.provenance, "utf8"));
      // The token never reaches the committed record.
      expect(provenance.source).toEqual({ kind: "url", url: `${server.url}/v1/openapi.yaml?token=REDACTED` });
      expect(provenance.contentType).toBe("application/yaml");
      expect(provenance.fetchedSha256).toBe(createHash("sha256").update(body).digest("hex"));
      expect(provenance.fetchedBytes).toBe(body.length);
      expect(provenance.specSha256).toBe(fileSha(ws.spec));
    } finally {
      await server.close();
    }
  });

  it("is stable: fetching its own output changes neither the spec nor the provenance record", async () => {
    const source = join(ws.root, "published.yaml");
    writeFileSync(source, modifiedSpecText());
    expect((await runCli(["fetch", "--file", source, "--spec", ws.spec], ws.root)).code).toBe(0);
    const first = readFileSync(ws.spec);
    const firstProvenance = readFileSync(ws.provenance);
    const mtime = statSync(ws.spec).mtimeMs;

    const copy = join(ws.root, "normalised-copy.yaml");
    writeFileSync(copy, first);
    const again = await runCli(["fetch", "--file", copy, "--spec", ws.spec], ws.root);
    expect(again.code).toBe(0);
    expect(again.stdout).toBe("Spec change report: no changes.\n");
    expect(again.stderr).toContain("unchanged");
    expect(readFileSync(ws.spec).equals(first)).toBe(true);
    expect(readFileSync(ws.provenance).equals(firstProvenance)).toBe(true);
    expect(statSync(ws.spec).mtimeMs).toBe(mtime);
  });
});
