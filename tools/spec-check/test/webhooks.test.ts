// The `webhooks` section: every documented event carries the three delivery headers, a payload schema and an
// example that validates against it; event names stay open.
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { describe, expect, it } from "vitest";
import { loadSpec } from "./load-spec.ts";

const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;
const { doc } = loadSpec();
const SPEC_ID = "https://avala.invalid/openapi.json";
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema({ $id: SPEC_ID, components: doc.components });

const HEADERS = ["WebhookSignature", "WebhookEvent", "WebhookDelivery"].map(
  (name) => `#/components/parameters/${name}`,
);
const events = Object.entries<Record<string, any>>(doc.webhooks ?? {});

function check(ref: string, value: unknown): string[] {
  const validate = ajv.getSchema(`${SPEC_ID}${ref}`);
  if (!validate) throw new Error(`no schema at ${ref}`);
  return validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message}`);
}

describe("webhooks section", () => {
  it("describes the documented events", () => {
    expect(events.map(([name]) => name).sort()).toEqual([
      "dataset.created",
      "dataset.deleted",
      "dataset.updated",
      "export.completed",
      "export.failed",
      "result.submitted",
      "task.completed",
    ]);
  });

  it.each(events)("%s: the three headers, a payload schema and an example that validates", (_name, item) => {
    const op = item.post;
    expect(op.parameters.map((p: { $ref: string }) => p.$ref)).toEqual(HEADERS);
    expect(op.security).toEqual([]);
    const media = op.requestBody.content["application/json"];
    expect(media.schema.$ref).toMatch(/^#\/components\/schemas\/\w+WebhookPayload$/);
    expect(check(media.schema.$ref, media.example)).toEqual([]);
    expect(Object.keys(op.responses)).toEqual(["200"]);
  });

  it("names the headers as the platform sends them, and keeps event names open", () => {
    const params = doc.components.parameters;
    expect([params.WebhookSignature.name, params.WebhookEvent.name, params.WebhookDelivery.name]).toEqual([
      "X-Avala-Webhook-Signature",
      "X-Avala-Webhook-Event",
      "X-Avala-Webhook-Delivery",
    ]);
    const name = "#/components/schemas/WebhookEventName";
    expect(check(name, "export.completed")).toEqual([]);
    expect(check(name, "some.future_event")).toEqual([]);
    const signature = "#/components/parameters/WebhookSignature/schema";
    expect(check(signature, "a".repeat(64))).toEqual([]);
    expect(check(signature, `sha256=${"a".repeat(64)}`)).toEqual([]);
    expect(check(signature, "a".repeat(63))).not.toEqual([]);
  });
});
