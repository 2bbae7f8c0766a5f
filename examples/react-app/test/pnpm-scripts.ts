// The README's commands run as a user runs them: `pnpm build` to completion, and `pnpm serve` left running in its
// own process group (so stopping it reaches tsx and the server behind pnpm).
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const appRoot = fileURLToPath(new URL("..", import.meta.url));

/** Runs `pnpm <script>` in the app's folder to completion. */
export function pnpmRun(script: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn("pnpm", ["run", script], { cwd: appRoot, stdio: ["ignore", "pipe", "pipe"] });
    let log = "";
    child.stdout.on("data", (chunk) => (log += chunk));
    child.stderr.on("data", (chunk) => (log += chunk));
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`pnpm ${script} exited with ${code}:\n${log}`)),
    );
  });
}

/** A running `pnpm serve`. */
export interface Served {
  /** The URL it printed, e.g. `http://127.0.0.1:41234/`. */
  url: string;
  /** Everything it printed so far. */
  output(): string;
  /** Stops it (SIGTERM to its process group) and waits for it to exit. */
  stop(): Promise<void>;
}

/** Starts `pnpm serve` on a free port with `env` added, and resolves once it prints its URL. */
export async function startServe(env: Record<string, string> = {}): Promise<Served> {
  const child: ChildProcess = spawn("pnpm", ["run", "serve"], {
    cwd: appRoot,
    env: { ...process.env, PORT: "0", ...env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on("data", (chunk: Buffer) => {
      output += chunk;
      const found = /Avala example app on (http:\/\/\S+\/)/.exec(output)?.[1];
      if (found) resolve(found);
    });
    child.stderr!.on("data", (chunk: Buffer) => (output += chunk));
    child.on("exit", (code) => reject(new Error(`pnpm serve exited with ${code}:\n${output}`)));
  });
  return {
    url,
    output: () => output,
    async stop() {
      if (child.pid === undefined || child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      process.kill(-child.pid, "SIGTERM");
      await exited;
    },
  };
}
