import { readFile } from "node:fs/promises";
import { FetchSpecError } from "./errors.ts";

/** Where a description is taken from. */
export type SpecSource = { kind: "url"; url: string } | { kind: "file"; path: string };

/** The raw bytes of a description, before any parsing. */
export interface LoadedSource {
  bytes: Buffer;
  /** The Content-Type the server sent, for URLs. */
  contentType?: string;
}

/** Default time budget for one download: connection, headers and body together. */
export const DEFAULT_TIMEOUT_MS = 30_000;

/** Reads the source's bytes: global fetch with a timeout for URLs, the file system for files. */
export async function loadSource(source: SpecSource, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<LoadedSource> {
  return source.kind === "url" ? download(source.url, timeoutMs) : readLocal(source.path);
}

async function readLocal(path: string): Promise<LoadedSource> {
  try {
    return { bytes: await readFile(path) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new FetchSpecError(
      "SOURCE_NOT_FOUND",
      `cannot read ${path} (${code ?? String(error)}): check the --file path.`,
      { cause: error },
    );
  }
}

async function download(url: string, timeoutMs: number): Promise<LoadedSource> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (error) {
    throw new FetchSpecError("USAGE", `--url ${url} is not a valid URL: pass an absolute http(s) URL.`, {
      cause: error,
    });
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") {
    throw new FetchSpecError("USAGE", `--url ${url} is not http(s): use --file for local files.`);
  }
  // One signal covers headers and body: a server that stalls mid-body must not hang the tool.
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const response = await fetch(parsed, {
      signal,
      redirect: "follow",
      headers: { accept: "application/yaml, application/json;q=0.9, text/yaml;q=0.9, */*;q=0.1" },
    });
    if (!response.ok) {
      await response.body?.cancel();
      throw new FetchSpecError(
        "HTTP_STATUS",
        `${redactUrl(url)} answered HTTP ${response.status} ${response.statusText}: check the URL (and that it is public).`,
      );
    }
    const bytes = Buffer.from(await response.arrayBuffer());
    const contentType = response.headers.get("content-type") ?? undefined;
    return contentType === undefined ? { bytes } : { bytes, contentType };
  } catch (error) {
    if (error instanceof FetchSpecError) throw error;
    if (signal.aborted) {
      throw new FetchSpecError(
        "TIMEOUT",
        `${redactUrl(url)} did not answer within ${timeoutMs} ms: check the URL or raise --timeout.`,
        { cause: error },
      );
    }
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const reason = cause?.code ?? cause?.message ?? (error as Error).message;
    throw new FetchSpecError(
      "NETWORK",
      `cannot reach ${redactUrl(url)} (${reason}): check the URL and your network connection.`,
      { cause: error },
    );
  }
}

// Query parameters that commonly carry credentials (presigned URLs, tokens) must not end up in the
// provenance file, which is committed.
const SECRET_PARAM = /token|key|secret|sig|signature|password|auth|credential/i;

/** The URL without user info and with secret-looking query values replaced, safe to print and commit. */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  parsed.username = "";
  parsed.password = "";
  for (const name of [...parsed.searchParams.keys()]) {
    if (SECRET_PARAM.test(name)) parsed.searchParams.set(name, "REDACTED");
  }
  return parsed.toString();
}
