// The README's webhook examples, run as written: the Next.js route module and the hand-written receiver are taken
// from README.md, written to files in this package (so `@avala/core/webhooks` resolves to the built entry) and
// imported.
import { createHmac } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, beforeAll, expect, it, vi } from "vitest";

const here = fileURLToPath(new URL(".", import.meta.url));
const readme = readFileSync(join(here, "../README.md"), "utf8");
/** The ```ts block of the README that contains `marker`. */
function block(marker: string): string {
  const found = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)]
    .map((m) => m[1] ?? "")
    .find((c) => c.includes(marker));
  if (!found) throw new Error(`no README block with ${marker}`);
  return found;
}

const SECRET = "readme-route-secret";
const dir = mkdtempSync(join(here, ".readme-"));
beforeAll(() => {
  vi.stubEnv("AVALA_WEBHOOK_SECRET", SECRET);
});
afterEach(() => {
  vi.restoreAllMocks();
});
afterAll(() => {
  vi.unstubAllEnvs();
  rmSync(dir, { recursive: true, force: true });
});

function delivery(event: string, payload: object, secret = SECRET, id = crypto.randomUUID()): Request {
  const body = JSON.stringify(payload);
  return new Request("https://app.example/api/avala/webhooks", {
    method: "POST",
    headers: {
      "x-avala-webhook-signature": createHmac("sha256", secret).update(body).digest("hex"),
      "x-avala-webhook-event": event,
      "x-avala-webhook-delivery": id,
    },
    body,
  });
}

it("the Next.js route handles a signed export.completed and refuses a forged one", async () => {
  const file = join(dir, "route.ts");
  writeFileSync(file, block("export const POST = createWebhookHandler"));
  const { POST } = (await import(file)) as { POST: (request: Request) => Promise<Response> };
  const log = vi.spyOn(console, "log").mockImplementation(() => {});
  const payload = { uid: "exp_1", status: "completed", download_url: "https://x.invalid/exp_1.zip" };
  expect((await POST(delivery("export.completed", payload))).status).toBe(200);
  expect(log).toHaveBeenCalledWith("export exp_1 is ready: https://x.invalid/exp_1.zip");
  expect((await POST(delivery("export.completed", payload, "forged"))).status).toBe(401);
  expect(log).toHaveBeenCalledTimes(1);
});

it("the hand-written receiver answers 204, and the error's status for a bad delivery", async () => {
  const file = join(dir, "receive.ts");
  writeFileSync(file, block("export async function receive"));
  const { receive } = (await import(file)) as { receive: (request: Request) => Promise<Response> };
  const error = vi.spyOn(console, "error").mockImplementation(() => {});
  expect((await receive(delivery("export.failed", { uid: "exp_2" }))).status).toBe(204);
  expect(error).toHaveBeenCalledWith("export exp_2 failed");
  const forged = await receive(delivery("export.failed", { uid: "exp_2" }, "forged"));
  expect([forged.status, await forged.text()]).toEqual([401, "signature_mismatch"]);
});
