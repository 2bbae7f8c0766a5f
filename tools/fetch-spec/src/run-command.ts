import { spawn } from "node:child_process";

/** A finished command: its exit code and everything it printed (stdout and stderr interleaved). */
export interface CommandResult {
  command: string;
  exitCode: number;
  output: string;
}

/**
 * Runs `argv` in `cwd`, streaming its output to ours as it comes (so a long `pnpm typecheck` is not silent) and
 * keeping a copy for the summary.
 */
export function runCommand(argv: string[], cwd: string, echo = true): Promise<CommandResult> {
  const [file, ...args] = argv;
  const command = argv.join(" ");
  return new Promise((resolve) => {
    const child = spawn(file!, args, { cwd, stdio: ["ignore", "pipe", "pipe"], env: process.env });
    let output = "";
    const collect = (target: NodeJS.WriteStream) => (chunk: Buffer) => {
      output += chunk.toString();
      if (echo) target.write(chunk);
    };
    child.stdout.on("data", collect(process.stdout));
    child.stderr.on("data", collect(process.stderr));
    child.on("error", (error) => resolve({ command, exitCode: 127, output: `${output}${error.message}\n` }));
    child.on("close", (code) => resolve({ command, exitCode: code ?? 1, output }));
  });
}

/**
 * How to invoke pnpm: the same pnpm that runs this script when there is one (npx-installed pnpm is often not on
 * PATH), else `pnpm` from PATH.
 */
export function pnpmCommand(env: NodeJS.ProcessEnv = process.env): string[] {
  const execPath = env.npm_execpath;
  if (execPath && /pnpm/i.test(execPath)) {
    return /\.(c|m)?js$/.test(execPath) ? [process.execPath, execPath] : [execPath];
  }
  return ["pnpm"];
}
