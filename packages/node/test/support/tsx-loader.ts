/**
 * Where tsx's ESM loader lives, for child processes that run TypeScript (`node --import <url> script.mts`).
 */
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";

/** `file:` URL of tsx's loader, to pass to `node --import`. */
export function tsxLoaderUrl(): string {
  const require = createRequire(import.meta.url);
  return pathToFileURL(require.resolve("tsx")).href;
}
