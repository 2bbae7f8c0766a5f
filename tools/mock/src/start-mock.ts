import { type ChildProcess, spawn } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { freePort } from "./free-port.js";

const require = createRequire(import.meta.url);

/** The OpenAPI description bundled with the repository. */
export const defaultSpecPath: string = fileURLToPath(
  new URL("../../../spec/avala.openapi.yaml", import.meta.url),
);

/** Options of {@link startMock}. */
export interface StartMockOptions {
  /** OpenAPI file to mock. Defaults to the repository's `spec/avala.openapi.yaml`. */
  spec?: string;
  /** Interface to listen on. Defaults to 127.0.0.1. */
  host?: string;
  /** Port to listen on. Defaults to a free port chosen by the OS. */
  port?: number;
  /** Generate responses from the schemas instead of returning the spec's examples. */
  dynamic?: boolean;
  /** Answer requests that violate the spec with errors (Prism's `--errors`). */
  errors?: boolean;
  /** How long to wait for Prism to listen, in milliseconds. Defaults to 60 000. */
  startTimeoutMs?: number;
  /**
   * Run Prism as a validating proxy in front of this upstream URL instead of mocking: requests and responses are
   * checked against the spec (with `errors`, violations are answered with errors), and the upstream answers.
   */
  proxyTo?: string;
  /** Called with every line Prism prints (it logs each request). */
  onLog?: (line: string) => void;
}

/** A running Prism mock server. */
export interface MockServer {
  /** Base URL of the mock, e.g. `http://127.0.0.1:41234` (paths of the spec are relative to it). */
  readonly url: string;
  /** Process id of the supervisor that owns the Prism process. */
  readonly pid: number;
  /** Last lines Prism printed, for diagnostics. */
  readonly recentLogs: () => string[];
  /** Stops Prism and waits until it has exited. Safe to call more than once. */
  stop(): Promise<void>;
}

const READY = /Prism is listening on (http:\/\/\S+)/;
// Prism colours its log lines; strip ANSI escapes before matching.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching terminal escape sequences is the point
const ANSI = /\u001b\[[0-9;]*m/g;

/**
 * Starts the pinned Prism on an OpenAPI file, waits until it answers, and returns its URL.
 * Prism runs under a small supervisor that kills it when this process exits, even abruptly.
 */
export async function startMock(options: StartMockOptions = {}): Promise<MockServer> {
  const host = options.host ?? "127.0.0.1";
  const port = options.port ?? (await freePort(host));
  const args = [
    require.resolve("@stoplight/prism-cli/dist/index.js"),
    ...(options.proxyTo
      ? ["proxy", options.spec ?? defaultSpecPath, options.proxyTo]
      : ["mock", options.spec ?? defaultSpecPath]),
    "-h",
    host,
    "-p",
    String(port),
  ];
  if (options.dynamic) args.push("--dynamic");
  if (options.errors) args.push("--errors");

  const supervisor = fileURLToPath(new URL("./supervisor.mjs", import.meta.url));
  const child = spawn(process.execPath, [supervisor, ...args], { stdio: ["pipe", "pipe", "pipe"] });
  const logs: string[] = [];
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      fail(new Error(`Prism did not start within ${options.startTimeoutMs ?? 60_000} ms.`));
    }, options.startTimeoutMs ?? 60_000);
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
