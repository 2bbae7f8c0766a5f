import { type ChildProcess, spawn } from "node:child_process";
import { createRequire } from "node:module";
import getPort from "get-port";
import { supervisorPath } from "./bundled-files.js";

const require = createRequire(import.meta.url);

/** How to run Prism. */
export interface PrismOptions {
  spec: string;
  host: string;
  port?: number | undefined;
  dynamic: boolean;
  seed?: number | undefined;
  /** Prism's `--errors`: in proxy mode, violations are answered with errors instead of passed through. */
  errors: boolean;
  proxyTo?: string | undefined;
  startTimeoutMs: number;
  onLog?: ((line: string) => void) | undefined;
}

/** A running, supervised Prism process. */
export interface PrismProcess {
  url: string;
  /** Process id of the supervisor that owns Prism. */
  pid: number;
  recentLogs(): string[];
  stop(): Promise<void>;
}

const READY = /Prism is listening on (http:\/\/\S+)/;
// Prism colours its log lines; strip ANSI escapes before matching.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching terminal escape sequences is the point
const ANSI = /\u001b\[[0-9;]*m/g;

function prismEntry(): string {
  try {
    return require.resolve("@stoplight/prism-cli/dist/index.js");
  } catch (cause) {
    throw new Error(
      "@avala/testing could not find Prism (@stoplight/prism-cli), which startAvalaMock() runs. It is a " +
        "dependency of @avala/testing: reinstall it without omitting dependencies. (The MSW handlers of " +
        "@avala/testing/msw do not need it.)",
      { cause },
    );
  }
}

/**
 * Starts the pinned Prism on an OpenAPI file under the supervisor, waits until it listens, and returns its URL.
 * The supervisor kills Prism when this process exits, even abruptly (see supervisor.mjs).
 */
export async function startPrism(options: PrismOptions): Promise<PrismProcess> {
  const entry = prismEntry();
  const port = options.port ?? (await getPort({ host: options.host }));
  const args = [
    entry,
    ...(options.proxyTo ? ["proxy", options.spec, options.proxyTo] : ["mock", options.spec]),
    "-h",
    options.host,
    "-p",
    String(port),
  ];
  if (options.dynamic) args.push("--dynamic");
  if (options.seed !== undefined) args.push("--seed", String(options.seed));
  if (options.errors) args.push("--errors");

  const child = spawn(process.execPath, [supervisorPath, ...args], { stdio: ["pipe", "pipe", "pipe"] });
  const logs: string[] = [];
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      fail(new Error(`Prism did not start within ${options.startTimeoutMs} ms.`));
    }, options.startTimeoutMs);
    const fail = (error: Error) => {
      clearTimeout(timer);
      child.kill("SIGTERM");
      reject(new Error(`${error.message}\nPrism output:\n${logs.join("\n")}`));
    };
    const onLine = (line: string) => {
      const clean = line.replace(ANSI, "");
      logs.push(clean);
      if (logs.length > 200) logs.shift();
      options.onLog?.(clean);
      const match = READY.exec(clean);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    readLines(child, onLine);
    child.once("error", fail);
    child.once("exit", (code) => fail(new Error(`Prism exited with code ${code} before it was ready.`)));
  });

  // Let the owner exit without calling stop(): the closed stdin pipe then stops Prism anyway.
  child.unref();
  for (const stream of [child.stdin, child.stdout, child.stderr]) {
    (stream as unknown as { unref?: () => void } | null)?.unref?.();
  }

  let stopped: Promise<void> | undefined;
  return {
    url,
    pid: child.pid ?? -1,
    recentLogs: () => [...logs],
    stop() {
      stopped ??= (async () => {
        if (child.exitCode === null && child.signalCode === null) {
          child.ref(); // keep this process alive until Prism has really gone
          child.kill("SIGTERM");
          await exited;
        }
      })();
      return stopped;
    },
  };
}

function readLines(child: ChildProcess, onLine: (line: string) => void): void {
  for (const stream of [child.stdout, child.stderr]) {
    let buffered = "";
    stream?.setEncoding("utf8");
    stream?.on("data", (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split("\n");
      buffered = lines.pop() ?? "";
      for (const line of lines) onLine(line);
    });
  }
}
