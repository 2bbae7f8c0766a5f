import { execFileSync } from "node:child_process";

/** Command lines of running processes (Prism and its supervisor) started for `port`. */
export function prismProcessesOn(port: string): string[] {
  const ps = execFileSync("ps", ["-eo", "pid=,args="], { encoding: "utf8" });
  return ps.split("\n").filter((line) => line.includes("prism-cli") && line.includes(`-p ${port}`));
}

/** Whether nothing listens at `url` any more. */
export async function refusesConnections(url: string): Promise<boolean> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(2000) });
    return false;
  } catch {
    return true;
  }
}

/** Polls `check` until it holds (process exits are observed, not timed). */
export async function eventually(
  check: () => Promise<boolean> | boolean,
  timeoutMs = 10_000,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return check();
}
