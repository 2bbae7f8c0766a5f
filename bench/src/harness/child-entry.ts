/**
 * Entry of a child process started by `startChild`: argv is the module URL, the export name and the JSON
 * input. Runs the task and reports `ready` and the result as marked JSON lines on stdout.
 */
import { type ChildTask, MARK } from "./child.js";

const [moduleUrl, exportName, input] = process.argv.slice(2);
const send = (type: string, data: unknown) =>
  process.stdout.write(`${MARK}${JSON.stringify({ type, data })}\n`);

const io = {
  ready(data?: unknown): Promise<void> {
    const go = new Promise<void>((resolve) => {
      process.stdin.on("data", (chunk: Buffer) => {
        if (chunk.toString().includes("go")) resolve();
      });
    });
    send("ready", data ?? null);
    return go;
  },
};

try {
  const module = (await import(moduleUrl!)) as Record<string, ChildTask<unknown, unknown>>;
  const task = module[exportName!];
  if (typeof task !== "function") throw new Error(`${moduleUrl} has no export ${exportName}`);
  const result = await task(JSON.parse(input!), io);
  send("result", result ?? null);
  // Open handles (keep-alive sockets, Redis connections) must not keep a finished child alive.
  process.exit(0);
} catch (error) {
  console.error(error);
  process.exit(1);
}
