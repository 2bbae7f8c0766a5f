import { existsSync } from "node:fs";
import { type Browser, chromium } from "playwright-core";

/** Chromium the test drives: `CHROMIUM_PATH`, else Debian's `/usr/bin/chromium`. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/**
 * Launches headless Chromium. Fails (never skips) with a message naming the fix when there is none: an
 * end-to-end test that silently does not run proves nothing.
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `No Chromium at ${CHROMIUM_PATH}. Install it (Debian/Ubuntu: \`sudo apt-get install chromium\`) or set ` +
        "CHROMIUM_PATH to a Chromium/Chrome executable, then run `pnpm --filter @avala-examples/react-app test:e2e`.",
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}
