import { createHash } from "node:crypto";
import type { Cluster, Redis } from "ioredis";

/**
 * A Lua script run with EVALSHA, falling back to EVAL when the server does not have it cached yet (fresh or
 * restarted server, failover). Done by hand rather than with ioredis `defineCommand`, which would add methods
 * to a client the application may have passed in and share with other code.
 */
export class LuaScript {
  readonly sha: string;

  constructor(readonly source: string) {
    this.sha = createHash("sha1").update(source).digest("hex");
  }

  /** Runs the script atomically on `redis` with `keys` and `args`. */
  async run(
    redis: Redis | Cluster,
    keys: readonly string[],
    args: readonly (string | number)[],
  ): Promise<unknown> {
    try {
      return await redis.evalsha(this.sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!(error instanceof Error && error.message.startsWith("NOSCRIPT"))) throw error;
      return await redis.eval(this.source, keys.length, ...keys, ...args);
    }
  }
}
