import { type ChildProcess, spawn } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { connect } from "node:net";
import { delimiter, join } from "node:path";
import getPort from "get-port";

/** A redis-server child process on a free loopback port, without persistence. */
export interface RedisServer {
  readonly port: number;
  readonly url: string;
  /** Stops the server (SIGKILL: like a crash, no goodbye to clients) and waits for it to exit. */
  stop(): Promise<void>;
  /** Starts it again on the same port (after `stop`). */
  start(): Promise<void>;
}

/** The redis-server binary: `$REDIS_SERVER`, else the first on PATH. Throws with install hints when absent. */
export function findRedisServer(): string {
  const candidates = [
    process.env.REDIS_SERVER,
    ...(process.env.PATH ?? "").split(delimiter).map((dir) => dir && join(dir, "redis-server")),
  ];
  for (const candidate of candidates) {
    if (!candidate) continue;
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {}
  }
  throw new Error(
    "redis-server was not found (looked at $REDIS_SERVER and PATH). The Redis limiter store tests need a real " +
      "Redis 6.2+: install it (Debian/Ubuntu: `sudo apt-get install redis-server`; macOS: `brew install redis`) " +
      "or set REDIS_SERVER=/path/to/redis-server.",
  );
}

/** Whether a Redis server answers PING on `port`. */
function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.setTimeout(500);
    socket.once("connect", () => socket.write("PING\r\n"));
    socket.once("data", (data) => {
      socket.destroy();
      resolve(data.toString().startsWith("+PONG"));
    });
    socket.once("error", () => resolve(false));
    socket.once("timeout", () => {
      socket.destroy();
      resolve(false);
    });
  });
}

const live = new Set<ChildProcess>();
// A test run that dies must not leave servers behind.
process.once("exit", () => {
  for (const child of live) child.kill("SIGKILL");
});

/** Starts a throwaway redis-server for one test file. */
export async function startRedisServer(): Promise<RedisServer> {
  const binary = findRedisServer();
  const port = await getPort({ host: "127.0.0.1" });
  let child: ChildProcess | undefined;

  const start = async () => {
    const proc = spawn(
      binary,
      [
        "--port",
        String(port),
        "--bind",
        "127.0.0.1",
        "--save",
        "",
        "--appendonly",
        "no",
        "--loglevel",
        "warning",
      ],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    child = proc;
    live.add(proc);
    proc.once("exit", () => live.delete(proc));
    let output = "";
    proc.stdout?.on("data", (data: Buffer) => (output += data.toString()));
    proc.stderr?.on("data", (data: Buffer) => (output += data.toString()));
    const deadline = Date.now() + 10_000;
    while (!(await ping(port))) {
      if (proc.exitCode !== null || Date.now() > deadline) {
        proc.kill("SIGKILL");
        throw new Error(`redis-server did not start on port ${port}:\n${output}`);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  };

  await start();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    start,
    stop: async () => {
      const proc = child;
      if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
      const exited = new Promise((resolve) => proc.once("exit", resolve));
      proc.kill("SIGKILL");
      await exited;
    },
  };
}
