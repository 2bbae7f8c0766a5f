import { AvalaError } from "../errors/avala-error.js";
import type { ApiKeySource } from "../options.js";

/**
 * The key of each attempt, read from `source` (a function is called every time, so keys can rotate), and the
 * last four keys seen, which everything the client reports (messages, logs, error fields) masks.
 */
export function rotatingKey(source: ApiKeySource | null): {
  apiKey: () => Promise<string | null>;
  secrets: string[];
} {
  const secrets: string[] = typeof source === "string" ? [source] : [];
  const apiKey = async (): Promise<string | null> => {
    if (source === null) return null;
    const key = typeof source === "string" ? source : await source();
    if (typeof key !== "string" || key.trim() === "") {
      throw new AvalaError("apiKey() returned no key: it must return the API key as a non-empty string.");
    }
    if (!secrets.includes(key)) {
      secrets.push(key);
      if (secrets.length > 4) secrets.shift();
    }
    return key;
  };
  return { apiKey, secrets };
}
