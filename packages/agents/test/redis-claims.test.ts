// Two runners of one agent against one API that leases nothing: both see the same pending executions, and the
// Redis claim store (a real redis-server) makes sure each execution gets exactly one decision.
import { createRedisClaimStore, type RedisClaimStore } from "@avala/node/redis";
import { type RedisServer, startRedisServer } from "@avala-tools/redis-server";
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from "vitest";
import { createAgent } from "../src/index.js";
import { type FakeAvala, startFakeAvala, TEST_KEY } from "./support/fake-avala.js";

let redis: RedisServer;
let api: FakeAvala;
const stores: RedisClaimStore[] = [];
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis?.stop();
});
beforeEach(async () => {
  api = await startFakeAvala();
});
afterEach(async () => {
  await Promise.all(stores.splice(0).map((s) => s.close()));
  await api.close();
});

it("two runners sharing Redis never act twice on one execution, though both poll the same pending list", async () => {
  // Handlers wait until both runners have polled, so both hold the full list before anyone acts.
  let bothPolled!: () => void;
  const gate = new Promise<void>((resolve) => {
    bothPolled = resolve;
  });
  const handledBy: Record<string, string[]> = { a: [], b: [] };
  const runner = (id: "a" | "b") => {
    const claims = createRedisClaimStore({ redis: redis.url, prefix: "{agents-test}:" });
    stores.push(claims);
    return createAgent({
      name: "shared",
      apiKey: TEST_KEY,
      baseUrl: api.url,
      limiter: false,
      concurrency: 3,
      claims,
      logger: {},
    }).on("result.submitted", async (ctx) => {
      await gate;
      handledBy[id]?.push(ctx.executionUid);
      return ctx.approve();
    });
  };
  const a = runner("a");
  const b = runner("b");
  const uid = await a.register();
  expect(await b.register()).toBe(uid);
  const executions = Array.from({ length: 12 }, () => api.addExecution("result.submitted", {}, uid));

  const runs = [a.runOnce(), b.runOnce()];
  await expect.poll(() => api.polls.length).toBe(2);
  bothPolled();
  const [countA, countB] = await Promise.all(runs);

  expect((countA ?? 0) + (countB ?? 0)).toBe(12);
  expect(api.actions).toHaveLength(12);
  expect(new Set(api.actions.map((x) => x.execution))).toEqual(new Set(executions));
  expect([...(handledBy.a ?? []), ...(handledBy.b ?? [])].sort()).toEqual([...executions].sort());
  expect(api.pending()).toEqual([]);
});
