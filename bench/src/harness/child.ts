import { type ChildProcess, spawn } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";

/** What a task running in a child process can do besides returning its result. */
export interface ChildIo {
  /** Tells the parent this child is ready (with optional data, e.g. a server's URL); resolves on `go()`. */
  ready(data?: unknown): Promise<void>;
}

/** A function exported by a benchmark or harness module that can run in a fresh child process. */
export type ChildTask<Input, Result> = (input: Input, io: ChildIo) => Promise<Result>;

/** A running child process executing one {@link ChildTask}. */
export interface Child<Result> {
  /** Resolves with the data the task passed to `io.ready()`. */
  readonly ready: Promise<unknown>;
  /** Releases the task's `io.ready()` wait. */
  go(): void;
  /** Resolves with the task's return value; rejects if the child fails or exits early. */
  readonly result: Promise<Result>;
  /** Kills the child (if still running). */
  kill(): void;
}

/** Lines of the parent-child protocol carry this prefix, so stray output from libraries cannot confuse it. */
export const MARK = "@@bench ";

const tsx = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;
const entry = fileURLToPath(new URL("./child-entry.ts", import.meta.url));
const live = new Set<ChildProcess>();
// A benchmark run that dies must not leave servers or workers behind.
process.once("exit", () => {
  for (const child of live) child.kill("SIGKILL");
});

/** Options of {@link startChild}. */
export interface ChildOptions {
  /** The `node` binary to run (another Node major); default the running one. */
  execPath?: string;
}

/**
 * Runs `exportName` of the module at `moduleUrl` in a fresh Node process (through tsx). Fresh processes keep
 * what is measured apart: a server's CPU off the client's event loop, a pagination's RSS off the parent's heap,
 * or several limiter processes genuinely sharing only Redis.
 */
export function startChild<Result>(
  moduleUrl: string,
  exportName: string,
  input: unknown,
  nodeArgs: readonly string[] = [],
  options: ChildOptions = {},
): Child<Result> {
  const child = spawn(
    options.execPath ?? process.execPath,
    [...nodeArgs, "--import", tsx, entry, moduleUrl, exportName, JSON.stringify(input)],
    { stdio: ["pipe", "pipe", "pipe"] },
  );
  live.add(child);
  let stderr = "";
  let buffered = "";
  child.stderr?.on("data", (data: Buffer) => (stderr += data.toString()));
  const ready = deferred<unknown>();
  const result = deferred<Result>();
  child.stdout?.on("data", (data: Buffer) => {
    buffered += data.toString();
    for (let nl = buffered.indexOf("\n"); nl >= 0; nl = buffered.indexOf("\n")) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      if (!line.startsWith(MARK)) continue;
      const message = JSON.parse(line.slice(MARK.length)) as { type: string; data: unknown };
      if (message.type === "ready") ready.resolve(message.data);
      else if (message.type === "result") result.resolve(message.data as Result);
    }
  });
  // "close", not "exit": it comes after stdout is drained, so a result line is never lost.
  child.once("close", (code, signal) => {
    live.delete(child);
    const error = new Error(`${exportName} child exited (${code ?? signal}) without a result:\n${stderr}`);
    ready.reject(error); // no-ops once settled
    result.reject(error);
  });
  return {
    ready: ready.promise,
    go: () => child.stdin?.write("go\n"),
    result: result.promise,
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    },
  };
}

function deferred<T>() {
  let resolve: (value: T) => void = () => {};
  let reject: (error: unknown) => void = () => {};
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // Handled here so a task that never calls ready() cannot cause an unhandled rejection; awaiters still see it.
  promise.catch(() => {});
  return { promise, resolve, reject };
}
