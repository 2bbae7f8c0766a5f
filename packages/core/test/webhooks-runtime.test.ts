// The built `@avala/core/webhooks` module on other runtimes: the chunk has no Node dependency, and the same file
// runs in headless Chromium (Web Crypto, no polyfill) with the results node:crypto expects.
import { createHmac } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const dist = fileURLToPath(new URL("../dist/", import.meta.url));
const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
// A plain module script loads the built file as a browser would; the test then calls what it exposes.
const PAGE = `<!doctype html><title>webhooks</title><script type="module">
import * as webhooks from "/webhooks.mjs";
window.webhooks = webhooks;
document.body.dataset.ready = "1";
</script><body></body>`;

describe("the built webhooks entry", () => {
  it.each(["webhooks.mjs", "webhooks.cjs"])(
    "%s imports nothing and names neither Buffer nor node: modules",
    (file) => {
      const code = readFileSync(join(dist, file), "utf8");
      expect(code).not.toMatch(/\bBuffer\b/);
      expect(code).not.toMatch(/["']node:/);
      expect(code).not.toMatch(/\brequire\s*\(/);
      expect(code).not.toMatch(/^\s*import\s/m);
      expect(code).toContain("crypto.subtle");
    },
  );
});

describe("in headless Chromium", () => {
  let server: Server;
  let browser: Browser;
  let origin: string;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM_PATH)) {
      throw new Error(`No Chromium at ${CHROMIUM_PATH}: apt-get install chromium, or set CHROMIUM_PATH.`);
    }
    // The page and the built module, from one origin; 127.0.0.1 is a secure context, so crypto.subtle exists.
    server = createServer((req, res) => {
      if (req.url === "/webhooks.mjs") {
        res.writeHead(200, { "content-type": "text/javascript" });
        res.end(readFileSync(join(dist, "webhooks.mjs")));
        return;
      }
      res.writeHead(200, { "content-type": "text/html" }).end(PAGE);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  });

  it("verifies, rejects and signs like in Node", async () => {
    const secret = "browser-secret";
    const body = JSON.stringify({ uid: "ds_1", name: "Highway LiDAR 2026" });
    const signature = createHmac("sha256", secret).update(body).digest("hex");
    const page = await browser.newPage();
    await page.goto(origin);
    await page.waitForSelector("body[data-ready]", { state: "attached" });
    const results = await page.evaluate(
      async ({ body, secret, signature }) => {
        // biome-ignore lint/suspicious/noExplicitAny: the module the page loaded, untyped in the browser
        const m = (window as any).webhooks;
        const headers = {
          "X-Avala-Webhook-Signature": signature,
          "X-Avala-Webhook-Event": "dataset.created",
          "X-Avala-Webhook-Delivery": "d-1",
        };
        const code = (promise: Promise<unknown>) =>
          promise.then(
            () => "ok",
            (e: { name: string; code: string }) => `${e.name}:${e.code}`,
          );
        return {
          hasBuffer: typeof (globalThis as { Buffer?: unknown }).Buffer !== "undefined",
          valid: await m.unwrapWebhook(body, new Headers(headers), secret),
          bytes: (await m.unwrapWebhook(new TextEncoder().encode(body), headers, secret)).type,
          rotated: await code(m.unwrapWebhook(body, headers, ["new", secret])),
          tampered: await code(m.unwrapWebhook(body.replace("ds_1", "ds_2"), headers, secret)),
          wrongSecret: await code(m.unwrapWebhook(body, headers, "nope")),
          wrongLength: await code(
            m.unwrapWebhook(body, { ...headers, "X-Avala-Webhook-Signature": signature.slice(2) }, secret),
          ),
          missingHeader: await code(
            m.unwrapWebhook(
              body,
              { "X-Avala-Webhook-Signature": signature, "X-Avala-Webhook-Event": "x" },
              secret,
            ),
          ),
          objectBody: await code(m.unwrapWebhook(JSON.parse(body), headers, secret)),
          signed: await m.signWebhook(body, secret),
        };
      },
      { body, secret, signature },
    );
    expect(results).toEqual({
      hasBuffer: false,
      valid: { id: "d-1", type: "dataset.created", payload: JSON.parse(body) },
      bytes: "dataset.created",
      rotated: "ok",
      tampered: "WebhookVerificationError:signature_mismatch",
      wrongSecret: "WebhookVerificationError:signature_mismatch",
      wrongLength: "WebhookVerificationError:malformed_signature",
      missingHeader: "WebhookVerificationError:missing_header",
      objectBody: "WebhookVerificationError:parsed_body",
      signed: signature,
    });
  });
});
