import { spawn } from "node:child_process";
import { delimiter } from "node:path";

/** What a finished child process left behind. */
export interface ExecResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Wall-clock milliseconds. */
  ms: number;
}

export interface ExecOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** Kill the child (SIGKILL) after this many ms; the result then has `signal` set. Default 5 min. */
  timeoutMs?: number;
}

/**
 * Environment for tools started in the scratch project: the caller's, minus what the test runner and the
 * workspace's package manager add (vitest's `NODE_ENV=test` would give Vite a development build; pnpm's
 * `npm_package_*`/`npm_lifecycle_*`/`npm_config_user_agent` describe the workspace, not the scratch project).
 * Registry, proxy and cache settings (`npm_config_registry`, `HTTPS_PROXY`, …) are kept.
 */
export function consumerEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(npm_package_|npm_lifecycle_|VITEST|TINYPOOL|PNPM_|TURBO_)/i.test(key)) continue;
    if (
      /^(NODE_ENV|NODE_OPTIONS|TEST|npm_config_user_agent|npm_execpath|npm_node_execpath|INIT_CWD)$/i.test(
        key,
      )
    )
      continue;
    env[key] = value;
  }
  return { ...env, ...extra };
}

/** `env` with `dir` put first on PATH, so `#!/usr/bin/env node` scripts (npx, bins) run on that Node. */
export function withPathFirst(env: NodeJS.ProcessEnv, dir: string): NodeJS.ProcessEnv {
  const key = Object.keys(env).find((k) => k.toUpperCase() === "PATH") ?? "PATH";
  return { ...env, [key]: `${dir}${delimiter}${env[key] ?? ""}` };
}

/** Runs a command without a shell and collects its output; never rejects for a non-zero exit. */
export function exec(command: string, args: readonly string[], options: ExecOptions): Promise<ExecResult> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? consumerEnv(),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 5 * 60_000);
    child.once("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, ms: performance.now() - started });
    });
  });
}

/** Like {@link exec}, but rejects with the command line and both output streams unless it exits 0. */
export async function execOk(
  command: string,
  args: readonly string[],
  options: ExecOptions,
): Promise<ExecResult> {
  const result = await exec(command, args, options);
  if (result.code !== 0) {
    throw new Error(
      `\`${[command, ...args].join(" ")}\` in ${options.cwd} ${
        result.signal ? `was killed (${result.signal})` : `exited with ${result.code}`
      }\n--- stdout\n${result.stdout.slice(-8000)}\n--- stderr\n${result.stderr.slice(-8000)}`,
    );
  }
  return result;
}
