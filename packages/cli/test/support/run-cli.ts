import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Working directory of every CLI run: a fresh temporary one, so files the CLI writes by default (the upload
 * resume file) never land in the repository.
 */
const cwd = mkdtempSync(join(tmpdir(), "avala-cli-cwd-"));
/** No profile of the machine running the tests leaks in: profiles live under the temporary directory. */
const isolated = { AVALA_CONFIG_DIR: join(cwd, "config") };

/** The built `avala` bin, as users run it. */
export const bin = fileURLToPath(new URL("../../bin/avala.mjs", import.meta.url));

/** Runs the CLI and returns its exit code and output (never throws for a non-zero exit). */
export function runCli(args: string[], env: Record<string, string | undefined> = {}, stdin?: string) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    const child = execFile(
      process.execPath,
      [bin, ...args],
      { cwd, env: { ...process.env, ...isolated, ...env }, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
    child.stdin?.end(stdin);
  });
}

/** A CLI process left running, for tests that signal it mid-command. */
export interface RunningCli {
  readonly child: ChildProcess;
  /** Resolves when it exits, with its code (null when a signal ended it) and output. */
  readonly exited: Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
    stdout: string;
    stderr: string;
  }>;
}

/** Starts the CLI without waiting for it. */
export function startCli(args: string[], env: Record<string, string | undefined> = {}): RunningCli {
  const child = spawn(process.execPath, [bin, ...args], {
    cwd,
    env: { ...process.env, ...isolated, ...env },
  });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
  });
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<Awaited<RunningCli["exited"]>>((resolve) => {
    child.once("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, exited };
}
