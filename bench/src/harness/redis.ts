import { spawn } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { connect } from "node:net";
import { delimiter, join } from "node:path";
import { freePort } from "@avala-tools/mock";

/** A throwaway redis-server child process. */
export interface RedisServer {
  readonly url: string;
  stop(): Promise<void>;
}

function findRedisServer(): string {
  const candidates = [
    process.env.REDIS_SERVER,
    ...(process.env.PATH ?? "").split(delimiter).map((dir) => dir && join(dir, "redis-server")),
    "/usr/bin/redis-server",
  ];
  for (const candidate of candidates) {
    if (!candidate) continue;
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {}
  }
  throw new Error(
    "redis-server was not found ($REDIS_SERVER, PATH, /usr/bin). The multi-process limiter benchmark needs it: " +
      "install Redis 6.2+ (Debian/Ubuntu `sudo apt-get install redis-server`, macOS `brew install redis`) " +
      "or set REDIS_SERVER=/path/to/redis-server.",
  );
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once("connect", () => socket.write("PING\r\n"));
    socket.once("data", (data) => done(data.toString().startsWith("+PONG")));
    socket.once("error", () => done(false));
  });
}

/** Starts redis-server on a free loopback port, without persistence, and waits until it answers PING. */
export async function startRedis(): Promise<RedisServer> {
  const binary = findRedisServer();
  const port = await freePort();
  const args = ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"];
  const proc = spawn(binary, args, { stdio: ["ignore", "pipe", "pipe"] });
  const kill = () => proc.kill("SIGKILL");
  process.once("exit", kill);
  let output = "";
  proc.stdout?.on("data", (data: Buffer) => (output += data.toString()));
  proc.stderr?.on("data", (data: Buffer) => (output += data.toString()));
  const deadline = Date.now() + 10_000;
  while (!(await ping(port))) {
    if (proc.exitCode !== null || Date.now() > deadline) {
      kill();
      throw new Error(`redis-server (${binary}) did not start on port ${port}:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: async () => {
      process.off("exit", kill);
      if (proc.exitCode !== null) return;
      const exited = new Promise((resolve) => proc.once("exit", resolve));
      kill();
      await exited;
    },
  };
}
