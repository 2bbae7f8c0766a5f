/**
 * Whether this code runs in a browser (a `window` and a `document` exist). False in Node, during server-side
 * rendering, in workers and in edge runtimes. Read only when called, never at import time.
 */
export function isBrowser(): boolean {
  return typeof window !== "undefined" && typeof document !== "undefined";
}
