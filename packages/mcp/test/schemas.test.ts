import { readFile } from "node:fs/promises";
import { catalog } from "@avala/types/catalog";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { allTools } from "../src/tools/select-tools.js";
import { createAjv } from "../src/tools/validate-arguments.js";
import { workflowTools } from "../src/tools/workflow-tools.js";

const tools = allTools(true).map((entry) => entry.definition);
const byName = new Map(tools.map((t) => [t.name, t]));

interface SpecOperation {
  operationId: string;
  requestBody?: {
    $ref?: string;
    content?: Record<string, { example?: unknown; examples?: Record<string, { value: unknown }> }>;
  };
}

/** Every request-body example the spec gives, by operationId (read from the YAML, not from the catalog). */
async function specRequestExamples(): Promise<{ operationId: string; example: unknown }[]> {
  const spec = parse(await readFile(new URL("../../../spec/avala.openapi.yaml", import.meta.url), "utf8"));
  const found: { operationId: string; example: unknown }[] = [];
  for (const item of Object.values(spec.paths) as Record<string, SpecOperation>[]) {
    for (const op of Object.values(item)) {
      let body = op?.requestBody;
      if (!op?.operationId || !body) continue;
      if (body.$ref) body = spec.components.requestBodies[body.$ref.split("/").pop()!];
      const media = body?.content?.["application/json"];
      if (media?.example !== undefined) found.push({ operationId: op.operationId, example: media.example });
      for (const ex of Object.values(media?.examples ?? {}))
        found.push({ operationId: op.operationId, example: ex.value });
    }
  }
  return found;
}

describe("generated tool schemas", () => {
  it("every input and output schema compiles with ajv's 2020-12 dialect in strict mode", () => {
    const ajv = createAjv(true);
    for (const tool of tools) {
      expect(() => ajv.compile(tool.inputSchema), tool.name).not.toThrow();
      if (tool.outputSchema) expect(() => ajv.compile(tool.outputSchema!), tool.name).not.toThrow();
    }
    expect(tools.length).toBe(catalog.length + workflowTools(true).length);
  });

  it("every request example of the spec validates against its tool's input schema", async () => {
    const ajv = createAjv();
    const examples = await specRequestExamples();
    expect(examples.length).toBeGreaterThanOrEqual(49);
    for (const { operationId, example } of examples) {
      const op = catalog.find((o) => o.operationId === operationId)!;
      // path and query values from the catalog's example; the body straight from the spec
      const args = { ...op.examples.request, body: example };
      const validate = ajv.compile(byName.get(op.name)!.inputSchema);
      expect(validate(args) ? [] : validate.errors, operationId).toEqual([]);
    }
  });

  it("every example input of the catalog validates, and every response example fits the tool's output schema", () => {
    const ajv = createAjv();
    let responses = 0;
    for (const op of catalog) {
      const tool = byName.get(op.name)!;
      if (op.examples.request) {
        const validate = ajv.compile(tool.inputSchema);
        expect(validate(op.examples.request) ? [] : validate.errors, op.name).toEqual([]);
      }
      if (op.examples.response !== undefined && tool.outputSchema) {
        const response = op.examples.response as { results?: unknown[]; next?: string | null };
        const structured = op.paginated
          ? { items: response.results, next_cursor: null }
          : Array.isArray(response)
            ? { items: response }
            : response;
        const validate = ajv.compile(tool.outputSchema);
        expect(validate(structured) ? [] : validate.errors, op.name).toEqual([]);
        responses++;
      }
    }
    expect(responses).toBeGreaterThan(100);
  });

  it("a rejected argument is named by its JSON pointer", () => {
    const ajv = createAjv();
    const validate = ajv.compile(byName.get("create_export")!.inputSchema);
    expect(validate({ body: { name: 5 } })).toBe(false);
    expect(validate.errors?.map((e) => e.instancePath)).toContain("/body/name");
  });
});
