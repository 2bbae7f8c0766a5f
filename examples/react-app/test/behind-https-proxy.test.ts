// The README's deployment behind a TLS-terminating reverse proxy, end to end: `pnpm build`, then `pnpm serve`
// with the deployment settings from the environment, behind a real https front (a self-signed certificate made
// with openssl), in headless Chromium. Without a setting the page links point at the app's own http address and
// the browser refuses them; with `AVALA_TRUST_FORWARDED_HEADERS=1` or `AVALA_PUBLIC_ORIGIN` they point at the
// front, and paging works as it does without a proxy.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "./chromium.js";
import { pnpmRun, type Served, startServe } from "./pnpm-scripts.js";
import { startTlsFront, type TlsFront } from "./tls-front.js";

/** One deployment: a TLS front, and `pnpm serve` behind it with `env`. */
interface Deployment {
  front: TlsFront;
  served: Served;
}

let browser: Browser | undefined;
/** Why the setup failed (no Chromium, most likely): every test then fails with it, none is skipped. */
let setupError: unknown;
const deployments = new Map<string, Deployment>();

async function deploy(name: string, env: (front: TlsFront) => Record<string, string>): Promise<void> {
  const front = await startTlsFront();
  try {
    const served = await startServe(env(front));
    front.forwardTo(served.url);
    deployments.set(name, { front, served });
  } catch (error) {
    await front.close();
    throw error;
  }
}

beforeAll(async () => {
  try {
    browser = await launchChromium();
  } catch (error) {
    setupError = error;
    return;
  }
  await pnpmRun("build");
  await Promise.all([
    deploy("no setting", () => ({})),
    deploy("trusted forwarded headers", () => ({ AVALA_TRUST_FORWARDED_HEADERS: "1" })),
    deploy("public origin", (front) => ({ AVALA_PUBLIC_ORIGIN: front.origin })),
  ]);
});

afterAll(async () => {
  await browser?.close();
  for (const { front, served } of deployments.values()) {
    await served.stop();
    await front.close();
  }
});

/** Opens the deployment's https URL in a fresh page (the self-signed certificate accepted, as once trusted). */
async function open(name: string): Promise<{ page: Page; pageErrors: string[] }> {
  if (setupError) throw setupError;
  const { front } = deployments.get(name)!;
  const context = await browser!.newContext({
    ignoreHTTPSErrors: true,
    viewport: { width: 1000, height: 600 },
  });
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on("pageerror", (error) => pageErrors.push(error.message));
  await page.goto(front.url);
  expect(new URL(page.url()).protocol).toBe("https:");
  return { page, pageErrors };
}

describe.each(["trusted forwarded headers", "public origin"])("behind an https proxy, with %s", (name) => {
  it("pages through the datasets, opens one and loads more of its items", async () => {
    const { page, pageErrors } = await open(name);
    const rows = page.getByTestId("dataset-row");
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(10);
    await page.mouse.wheel(0, 20_000);
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(20);
    await rows.filter({ hasText: "Dataset 12" }).click();
    await expect.poll(() => page.getByTestId("item-row").count(), { timeout: 30_000 }).toBe(10);
    await page.getByTestId("more-items").click();
    await expect.poll(() => page.getByTestId("item-row").count(), { timeout: 30_000 }).toBe(14);
    expect(await page.getByTestId("error").count()).toBe(0);
    expect(pageErrors).toEqual([]);
    await page.context().close();
  });
});

describe("behind an https proxy, without a setting", () => {
  it("shows why the next page was refused, loads nothing more by itself, and disables Load more", async () => {
    const { page } = await open("no setting");
    const { served, front } = deployments.get("no setting")!;
    const rows = page.getByTestId("dataset-row");
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(10);
    await page.mouse.wheel(0, 20_000);
    const error = page.getByTestId("error");
    await error.waitFor({ timeout: 30_000 });
    // The link points at the app's own http address, not under the https base URL the page uses.
    expect(await error.textContent()).toContain(
      `next link on ${new URL(served.url).host}/api/avala/datasets/`,
    );
    expect(await error.textContent()).toContain(`outside the API base URL ${front.origin}/api/avala`);
    expect(await page.getByTestId("sentinel").textContent()).toBe("More datasets could not be loaded.");
    await page.mouse.wheel(0, -20_000);
    await page.mouse.wheel(0, 20_000);
    expect(await rows.count()).toBe(10);

    await rows.first().click();
    await expect.poll(() => page.getByTestId("item-row").count(), { timeout: 30_000 }).toBe(10);
    const more = page.getByTestId("more-items");
    await more.click();
    await page.getByTestId("error").waitFor({ timeout: 30_000 });
    await expect.poll(() => more.isDisabled(), { timeout: 30_000 }).toBe(true);
    expect(await page.getByTestId("item-row").count()).toBe(10);
    await page.context().close();
  });
});
