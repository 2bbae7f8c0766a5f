/** The API root the official SDK talks to, and the default of the MSW helpers. */
export const DEFAULT_API_ROOT = "https://api.avala.ai/api/v1";

/** The MSW path of a spec path under `baseUrl`: `{uid}` becomes `:uid`, the base's trailing slash is dropped. */
export function resolveHandlerUrl(baseUrl: string | undefined, path: string): string {
  const root = (baseUrl ?? DEFAULT_API_ROOT).replace(/\/+$/, "");
  return `${root}${path.replace(/\{([^}]+)\}/g, ":$1")}`;
}
