// End to end, in real headless Chromium: the built app, served with the @avala/node proxy in front of Prism (a
// validating proxy of the spec) in front of a fake API. Scrolls to a second page, opens a dataset, creates an
// export and watches it complete — and checks that no request from the browser carried an API key.
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";
import { build } from "vite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROXY_BASE_PATH, SERVER_API_KEY } from "../server/api-stack.js";
import { type AppServer, startAppServer } from "../server/app-server.js";
import { launchChromium } from "./chromium.js";

const appRoot = fileURLToPath(new URL("..", import.meta.url));

interface BrowserRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
}

let outDir: string;
let app: AppServer | undefined;
let browser: Browser | undefined;
let page: Page;
/** Why the setup failed (no Chromium, most likely): every test then fails with it, none is skipped. */
let setupError: unknown;
const requests: Promise<BrowserRequest>[] = [];
const pageErrors: string[] = [];
/** Every response the page got, by path: a missing favicon or asset shows up here as a 404. */
const responses: { path: string; status: number; type: string | null }[] = [];
const VIEWPORT = { width: 1000, height: 600 };

beforeAll(async () => {
  try {
    // First, before any building: no Chromium fails every test below with the fix in the message.
    browser = await launchChromium();
  } catch (error) {
    setupError = error;
    return;
  }
  outDir = await mkdtemp(join(tmpdir(), "avala-react-app-"));
  // vitest sets NODE_ENV=test, which would select React's development build and JSX transform.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = "production";
  try {
    await build({
      root: appRoot,
      mode: "production",
      logLevel: "warn",
      build: { outDir, emptyOutDir: true },
    });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
  app = await startAppServer({ staticDir: outDir });
  page = await browser.newPage({ viewport: VIEWPORT });
  page.on("response", (response) => {
    responses.push({
      path: new URL(response.url()).pathname,
      status: response.status(),
      type: response.headers()["content-type"] ?? null,
    });
  });
  page.on("request", (request) => {
    requests.push(
      request.allHeaders().then((headers) => ({ method: request.method(), url: request.url(), headers })),
    );
  });
  page.on("pageerror", (error) => pageErrors.push(error.message));
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

const rows = () => page.getByTestId("dataset-row");

/** Rethrows the setup's failure, so a missing Chromium fails each test instead of skipping it. */
function requireSetup(): void {
  if (setupError) throw setupError;
}

describe("example app in Chromium", () => {
  it("loads the first page, and the second only when scrolled to", async () => {
    requireSetup();
    await page.goto(app!.url);
    // Waits for events, not for a speed: the first page may take a while on a busy machine.
    await expect.poll(() => rows().count(), { timeout: 30_000 }).toBe(10);
    // Ten rows do not fit: the sentinel is off-screen, so nothing more loads by itself.
    expect((await page.getByTestId("sentinel").boundingBox())!.y).toBeGreaterThan(VIEWPORT.height);
    await page.waitForTimeout(500);
    expect(await rows().count()).toBe(10);
    await page.mouse.wheel(0, 20_000);
    await expect.poll(() => rows().count(), { timeout: 10_000 }).toBe(20);
    await page.mouse.wheel(0, 20_000);
    await expect.poll(() => rows().count(), { timeout: 10_000 }).toBe(25);
    await page.getByTestId("end-of-list").waitFor();
    // Pages two and three were the server's `next` links, followed through the proxy.
    const listCalls = app!.proxyLog.filter((e) => e.path === `${PROXY_BASE_PATH}/datasets/`);
    expect(listCalls).toHaveLength(3);
    expect(app!.fake.received.filter((r) => r.url.startsWith("/datasets/?")).map((r) => r.url)).toEqual([
      "/datasets/?limit=10",
      "/datasets/?cursor=o10&limit=10",
      "/datasets/?cursor=o20&limit=10",
    ]);
  });

  it("draws each card around its content, without a band of empty space", async () => {
    requireSetup();
    const spare = await rows()
      .first()
      .evaluate((card) => {
        const style = getComputedStyle(card);
        const chrome = ["paddingTop", "paddingBottom", "borderTopWidth", "borderBottomWidth"] as const;
        const content = [...card.children].reduce(
          (sum, child) => sum + child.getBoundingClientRect().height,
          0,
        );
        const gaps = Number.parseFloat(style.rowGap) * (card.children.length - 1);
        const around = chrome.reduce((sum, side) => sum + Number.parseFloat(style[side]), 0);
        return card.getBoundingClientRect().height - content - gaps - around;
      });
    expect(spare).toBeLessThan(1);
  });

  it("has a favicon, and no request of the page was answered with an error", async () => {
    requireSetup();
    const icon = await page.evaluate(() => document.querySelector<HTMLLinkElement>("link[rel=icon]")?.href);
    expect(icon).toBeDefined();
    const served = await fetch(icon!.replace(/^https?:\/\/[^/]+/, app!.url.slice(0, -1)));
    expect(served.status).toBe(200);
    expect(served.headers.get("content-type")).toMatch(/^image\/svg\+xml/);
    expect(responses.filter((r) => r.status >= 400)).toEqual([]);
  });

  it("opens a dataset from the second page and lists its items", async () => {
    requireSetup();
    await rows().filter({ hasText: "Dataset 12" }).click();
    await expect
      .poll(() => page.getByTestId("dataset-name").textContent(), { timeout: 30_000 })
      .toBe("Dataset 12");
    await expect.poll(() => page.getByTestId("item-row").count(), { timeout: 30_000 }).toBe(10);
    await page.getByTestId("more-items").click();
    await expect.poll(() => page.getByTestId("item-row").count(), { timeout: 30_000 }).toBe(14);
  });

  it("creates an export and shows its progress until it is exported", async () => {
    requireSetup();
    const statuses = new Set<string>();
    await page.getByTestId("create-export").click();
    await expect
      .poll(
        async () => {
          const status = await page
            .getByTestId("export-status")
            .textContent()
            .catch(() => null);
          if (status) statuses.add(status);
          return status;
        },
        { timeout: 15_000, interval: 100 },
      )
      .toBe("exported");
    await page.getByTestId("export-ready").waitFor();
    expect(statuses.has("exported")).toBe(true);
    expect([...statuses].some((s) => s === "requested" || s === "processing")).toBe(true);
    const polls = app!.fake.received.filter((r) => r.method === "GET" && r.url.startsWith("/exports/0"));
    expect(polls.length).toBeGreaterThanOrEqual(3); // requested → processing → processing → exported
    expect(app!.fake.received.filter((r) => r.method === "POST" && r.url === "/exports/")).toHaveLength(1);
  });

  it("never let a key reach the browser or come from it", async () => {
    requireSetup();
    const sent = await Promise.all(requests);
    const apiCalls = sent.filter((r) => new URL(r.url).pathname.startsWith(`${PROXY_BASE_PATH}/`));
    expect(apiCalls.length).toBeGreaterThan(8);
    // Every browser request: same origin, no key header of any value, the key nowhere.
    for (const request of sent) {
      expect(new URL(request.url).origin).toBe(new URL(app!.url).origin);
      expect(Object.keys(request.headers).map((name) => name.toLowerCase())).not.toContain("x-avala-api-key");
      expect(JSON.stringify(request)).not.toContain(SERVER_API_KEY);
    }
    // What the proxy received: no key; what reached the API (through Prism): the server's key, every time.
    expect(app!.proxyLog.length).toBe(apiCalls.length);
    expect(app!.proxyLog.every((entry) => entry.apiKey === null)).toBe(true);
    expect(app!.fake.received.length).toBeGreaterThan(8);
    expect(app!.fake.received.every((r) => r.headers["x-avala-api-key"] === SERVER_API_KEY)).toBe(true);
    // Nor is the key in anything the browser downloaded.
    for (const file of await readdir(join(outDir, "assets"))) {
      expect(await readFile(join(outDir, "assets", file), "utf8")).not.toContain(SERVER_API_KEY);
    }
    // Prism validated every exchange: nothing was refused, no page error.
    expect(app!.proxyLog.filter((entry) => entry.status >= 400)).toEqual([]);
    expect(app!.prism.recentLogs().filter((line) => /violation|✖/i.test(line))).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
