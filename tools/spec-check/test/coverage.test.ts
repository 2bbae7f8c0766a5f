import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { coveragePath, loadSpec } from "./load-spec.ts";

const { doc, operations } = loadSpec();
const routes = new Set(operations.map(({ method, path }) => `${method} ${path}`));

describe("spec coverage", () => {
  it("describes every operation the official SDKs call", () => {
    const wanted = readFileSync(coveragePath, "utf8")
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith("#"));
    expect(wanted.length).toBe(132);
    expect(wanted.filter((route) => !routes.has(route))).toEqual([]);
  });

  it("gives every operation a unique camelCase operationId, a declared tag and a one-line summary", () => {
    const declaredTags = new Set((doc.tags as { name: string }[]).map((t) => t.name));
    const problems: string[] = [];
    const ids = new Set<string>();
    for (const { method, path, op } of operations) {
      const where = `${method} ${path}`;
      if (!op.operationId || !/^[a-z][a-zA-Z0-9]*$/.test(op.operationId))
        problems.push(`${where}: operationId`);
      else if (ids.has(op.operationId)) problems.push(`${where}: duplicate ${op.operationId}`);
      ids.add(op.operationId ?? "");
      if (op.tags?.length !== 1 || !declaredTags.has(op.tags[0] ?? "")) problems.push(`${where}: tag`);
      if (!op.summary || op.summary.includes("\n")) problems.push(`${where}: summary`);
    }
    expect(problems).toEqual([]);
  });

  it("requires the API key everywhere except signup", () => {
    expect(doc.security).toEqual([{ ApiKeyAuth: [] }]);
    expect(doc.components.securitySchemes.ApiKeyAuth).toMatchObject({
      type: "apiKey",
      in: "header",
      name: "X-Avala-Api-Key",
    });
    const open = operations.filter(({ op }) => Array.isArray(op.security) && op.security.length === 0);
    expect(open.map(({ method, path }) => `${method} ${path}`)).toEqual(["POST /signup/"]);
  });

  it("gives every successful response with a body an example", () => {
    const missing: string[] = [];
    for (const { method, path, op } of operations) {
      for (const [status, response] of Object.entries<Record<string, any>>(
        op.responses as Record<string, Record<string, any>>,
      )) {
        if (!status.startsWith("2") || "$ref" in response) continue;
        const media = response.content?.["application/json"];
        if (media && media.example === undefined && media.examples === undefined)
          missing.push(`${method} ${path} ${status}`);
      }
      const body = (op.requestBody as Record<string, any> | undefined)?.content?.["application/json"];
      if (body && body.example === undefined && body.examples === undefined)
        missing.push(`${method} ${path} request`);
    }
    expect(missing).toEqual([]);
  });
});
