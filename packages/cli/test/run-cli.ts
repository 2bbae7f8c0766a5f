import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";

/** The built `avala` bin, as users run it. */
export const bin = fileURLToPath(new URL("../bin/avala.mjs", import.meta.url));

/** Runs the CLI and returns its exit code and output (never throws for a non-zero exit). */
export function runCli(args: string[], env: Record<string, string | undefined> = {}) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      [bin, ...args],
      { env: { ...process.env, ...env }, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}
