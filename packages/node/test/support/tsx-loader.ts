/**
 * Where tsx's ESM loader lives, for child processes that run TypeScript (`node --import <url> script.mts`).
 * tsx is a dependency of @avala-tools/mock, not of this package, so it is resolved from there.
 */
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";

/** `file:` URL of tsx's loader, to pass to `node --import`. */
export function tsxLoaderUrl(): string {
  const require = createRequire(import.meta.url);
  const mock = require.resolve("@avala-tools/mock");
  return pathToFileURL(createRequire(mock).resolve("tsx")).href;
}
