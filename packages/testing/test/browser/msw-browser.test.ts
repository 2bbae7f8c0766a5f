// @avala/testing/msw in real headless Chromium, through MSW's service worker (setupWorker) — the way
// Vitest browser mode and Playwright component tests use it — bundled by Vite for the browser.
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Browser, chromium } from "playwright-core";
import { build } from "vite";
import { afterAll, beforeAll, expect, it } from "vitest";

const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const root = fileURLToPath(new URL("./page/", import.meta.url));
const worker = createRequire(import.meta.url).resolve("msw/mockServiceWorker.js");
const TYPES: Record<string, string> = { ".html": "text/html", ".js": "text/javascript" };

let outDir: string;
let server: Server;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`No Chromium at ${CHROMIUM_PATH}: apt-get install chromium, or set CHROMIUM_PATH.`);
  }
  outDir = await mkdtemp(join(tmpdir(), "avala-testing-msw-"));
  await build({ root, logLevel: "warn", build: { outDir, emptyOutDir: true } });
  // The page and MSW's worker script, from one origin (a service worker must be same-origin).
  server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    const file = path === "/mockServiceWorker.js" ? worker : join(outDir, path === "/" ? "index.html" : path);
    if (!file.startsWith(outDir) && file !== worker) return res.writeHead(403).end();
    if (!existsSync(file)) return res.writeHead(404).end();
    res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
    res.end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
  });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

it("answers a browser client with the spec's example, and an override per test", async () => {
  const page = await browser.newPage();
  const messages: string[] = [];
  page.on("console", (message) => messages.push(`${message.type()}: ${message.text()}`));
  page.on("pageerror", (error) => messages.push(`pageerror: ${error.message}`));
  const { port } = server.address() as AddressInfo;
  await page.goto(`http://127.0.0.1:${port}/`);
  await page
    .waitForSelector("body[data-result]", { state: "attached", timeout: 45_000 })
    .catch((error: Error) => {
      throw new Error(`${error.message}\npage said:\n${messages.join("\n")}`);
    });
  const result = JSON.parse((await page.getAttribute("body", "data-result")) ?? "{}");
  expect(result).toEqual({ name: "Highway LiDAR 2026", overridden: "NotFoundError" });
});
