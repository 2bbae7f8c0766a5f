import { createClient } from "@avala/node";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Agent, type AgentOptions, createAgent, SKIP_REASONS } from "../src/index.js";
import { type FakeAvala, startFakeAvala, TEST_KEY } from "./support/fake-avala.js";

let api: FakeAvala;
beforeEach(async () => {
  api = await startFakeAvala();
});
afterEach(async () => {
  await api.close();
});

const quiet = { warn() {}, error() {}, info() {}, debug() {} };
function agent(options: Partial<AgentOptions> = {}): Agent {
  return createAgent({
    name: "qc",
    apiKey: TEST_KEY,
    baseUrl: api.url,
    limiter: false,
    logger: quiet,
    ...options,
  });
}
/** Registers `a` and queues executions for it. */
async function queue(a: Agent, ...events: [string, object?][]): Promise<string[]> {
  const uid = await a.register();
  return events.map(([type, payload]) => api.addExecution(type, payload, uid));
}

describe("createAgent", () => {
  it("posts approve, reject, flag and skip once each, with reasons, and nothing on a second poll", async () => {
    const a = agent().on("result.submitted", async (ctx) => {
      const verdict = ctx.resultMetadata.verdict;
      if (verdict === "good") return ctx.approve();
      if (verdict === "bad") return ctx.reject(`only ${ctx.resultData.length} boxes`);
      if (verdict === "unsure") return ctx.flag("needs a second look");
      return ctx.skip();
    });
    const [good, bad, unsure, other] = await queue(
      a,
      ["result.submitted", { result_metadata: { verdict: "good" } }],
      ["result.submitted", { result_metadata: { verdict: "bad" }, result_data: [{}] }],
      ["result.submitted", { result_metadata: { verdict: "unsure" } }],
      ["result.submitted", {}],
    );
    expect(await a.runOnce()).toBe(4);
    expect(api.actions).toEqual([
      { execution: good, action: "approve" },
      { execution: bad, action: "reject", reason: "only 1 boxes" },
      { execution: unsure, action: "flag", reason: "needs a second look" },
      { execution: other, action: "skip" },
    ]);
    expect(await a.runOnce()).toBe(0);
    expect(api.actions).toHaveLength(4);
  });

  it("skips with a reason when no handler exists, the handler throws, or it decides nothing", async () => {
    const a = agent()
      .on("result.submitted", () => {
        throw new Error("model offline");
      })
      .on("task.completed", () => {});
    const [noHandler, threw, nothing] = await queue(
      a,
      ["export.completed"],
      ["result.submitted"],
      ["task.completed"],
    );
    expect(await a.runOnce()).toBe(3);
    expect(api.actions).toEqual([
      { execution: noHandler, action: "skip", reason: SKIP_REASONS.noHandler("export.completed") },
      { execution: threw, action: "skip", reason: SKIP_REASONS.threw },
      { execution: nothing, action: "skip", reason: SKIP_REASONS.noAction },
    ]);
  });

  it("allows one decision per execution: a second one is refused and not posted", async () => {
    let second: unknown;
    const a = agent().on("result.submitted", async (ctx) => {
      await ctx.approve();
      second = await ctx.reject("changed my mind").catch((e: unknown) => e);
    });
    await queue(a, ["result.submitted"]);
    await a.runOnce();
    expect(second).toBeInstanceOf(TypeError);
    expect(String(second)).toMatch(/already answered with "approve"/);
    expect(api.actions.map((x) => x.action)).toEqual(["approve"]);
  });

  it("gives each event its context", async () => {
    const seen: unknown[] = [];
    const a = agent()
      .on("result.submitted", (ctx) => {
        seen.push([ctx.resultUid, ctx.taskUid, ctx.taskType, ctx.projectUid]);
        return ctx.approve();
      })
      .on("task.completed", (ctx) => {
        seen.push([ctx.taskUid, ctx.taskStatus]);
        return ctx.skip();
      })
      .on("dataset.created", (ctx) => {
        seen.push([ctx.resourceType, ctx.resourceUid]);
        return ctx.skip();
      });
    await queue(
      a,
      ["result.submitted", { result_uid: "r1", task_uid: "t1", task_type: "polygon", project_uid: "p1" }],
      ["task.completed", { task_uid: "t2", task_status: "completed" }],
      ["dataset.created", { dataset_uid: "d1" }],
    );
    await a.runOnce();
    expect(seen).toEqual([
      ["r1", "t1", "polygon", "p1"],
      ["t2", "completed"],
      ["dataset", "d1"],
    ]);
  });

  it("registers once with its handlers' events, reuses a registration by name, and polls with its filters", async () => {
    const project = "7e9b1d3f-5a6c-4e8d-b0f1-2a3c4e5f6a7b";
    const first = agent({ project, taskTypes: ["bounding_box", "polygon"] }).on("result.submitted", (c) =>
      c.skip(),
    );
    await first.runOnce();
    await first.runOnce();
    expect(api.agents).toHaveLength(1);
    expect(api.agents[0]).toMatchObject({
      name: "qc",
      events: ["result.submitted"],
      project,
      task_types: ["bounding_box", "polygon"],
    });
    expect(api.polls.map((q) => Object.fromEntries(q))).toEqual([
      { status: "pending", project, task_types: "bounding_box,polygon" },
      { status: "pending", project, task_types: "bounding_box,polygon" },
    ]);
    const second = agent({ project, taskTypes: ["bounding_box", "polygon"] })
      .on("result.submitted", (c) => c.skip())
      .on("task.completed", (c) => c.skip());
    expect(await second.register()).toBe(api.agents[0]?.uid);
    expect(api.agents).toHaveLength(1);
    expect(api.agents[0]?.events).toEqual(["result.submitted", "task.completed"]);
  });

  it("goes through the client's rate limiting: a 429 pauses and retries the poll", async () => {
    const client = createClient({ apiKey: TEST_KEY, baseUrl: api.url });
    const events: string[] = [];
    client.on("rateLimit", (event) => events.push(event.kind));
    const a = agent({ client }).on("result.submitted", (c) => c.approve());
    await queue(a, ["result.submitted"]);
    api.throttleNextPolls(1);
    expect(await a.runOnce()).toBe(1);
    expect(api.polls).toHaveLength(2);
    expect(events).toContain("pause");
  });

  it("refuses bad options with the option named", () => {
    expect(() => createAgent({ name: "" })).toThrow(/needs a `name`/);
    expect(() => agent({ pollInterval: 5 })).toThrow(/milliseconds/);
    expect(() => agent({ concurrency: 0 })).toThrow(/concurrency/);
    expect(() => agent({ taskTypes: [""] })).toThrow(/taskTypes/);
    expect(() => agent().on("nonsense", () => {})).toThrow(/event name/);
    expect(() => createAgent({ name: "x", apiKey: "", baseUrl: api.url })).toThrow(/API key/);
  });
});

describe("run", () => {
  it("stops mid-batch on abort: the execution in flight is finished, the rest stay pending, no poll follows", async () => {
    const controller = new AbortController();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const started: string[] = [];
    const a = agent({ concurrency: 1 }).on("result.submitted", async (ctx) => {
      started.push(ctx.executionUid);
      if (started.length === 2) {
        controller.abort();
        await gate; // still in flight after the stop
      }
      return ctx.approve();
    });
    const uids = await queue(a, ...Array.from({ length: 5 }, () => ["result.submitted"] as [string]));
    const running = a.run({ signal: controller.signal, handleSignals: false });
    await expect.poll(() => controller.signal.aborted).toBe(true);
    release();
    await running;
    expect(started).toEqual(uids.slice(0, 2));
    expect(api.actions.map((x) => x.execution)).toEqual(uids.slice(0, 2));
    expect(api.pending()).toEqual(uids.slice(2));
    expect(api.polls).toHaveLength(1);
  });

  it("stops on SIGINT the same way and removes its listeners", async () => {
    const before = process.listenerCount("SIGINT");
    const a = agent().on("result.submitted", async (ctx) => {
      process.emit("SIGINT", "SIGINT");
      return ctx.approve();
    });
    const [uid] = await queue(a, ["result.submitted"], ["result.submitted"]);
    await a.run();
    expect(api.actions.map((x) => x.execution)).toEqual([uid]);
    expect(process.listenerCount("SIGINT")).toBe(before);
  });

  it("backs off while idle, doubling the wait up to maxPollInterval, and resets once work arrives", async () => {
    const controller = new AbortController();
    const waits: number[] = [];
    const a = agent({
      pollInterval: 10,
      maxPollInterval: 40,
      logger: {
        ...quiet,
        debug: (message: string) => {
          const ms = /next poll in (\d+) ms/.exec(message)?.[1];
          if (!ms) return;
          waits.push(Number(ms));
          if (waits.length === 4) api.addExecution("result.submitted", {}, api.agents[0]?.uid);
          if (waits.length === 6) controller.abort();
        },
      },
    }).on("result.submitted", (c) => c.approve());
    await a.run({ signal: controller.signal, handleSignals: false });
    expect(waits).toEqual([10, 20, 40, 40, 10, 20]);
    expect(api.actions).toHaveLength(1);
  });
});
