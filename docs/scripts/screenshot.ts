// Takes the README's screenshot of the reference (docs/screenshot.png) with headless Chromium: build first.
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { startDocsServer } from "../server/docs-server.ts";
import { SITE_DIR } from "../src/site.ts";

const docs = await startDocsServer({ siteDir: SITE_DIR, target: "mock" });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
});
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
  await page.goto(`${docs.url}#tag/datasets/GET/datasets/{uid}/`);
  await page.locator("html[data-avala-ready]").waitFor({ state: "attached", timeout: 120_000 });
  await page.getByRole("heading", { name: "Get a dataset by UID" }).first().waitFor({ timeout: 120_000 });
  await page.waitForTimeout(1000); // let the code block finish highlighting
  await page.screenshot({ path: fileURLToPath(new URL("../screenshot.png", import.meta.url)) });
} finally {
  await browser.close();
  await docs.stop();
}
