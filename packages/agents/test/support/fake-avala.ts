// A local server speaking the agent endpoints with state: registrations, executions that stay pending until
// answered (the API promises no lease, so this is the case to survive), and every action posted.
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

export const TEST_KEY = "avk_agents_test_7d1e2c";

export interface PostedAction {
  execution: string;
  action: string;
  reason?: string;
}

export interface FakeAvala {
  /** Base URL of the API (`…/api/v1`). */
  url: string;
  agents: Array<Record<string, unknown> & { uid: string; name: string }>;
  executions: Array<{
    uid: string;
    registration: string;
    event_type: string;
    status: string;
    event_payload: object;
  }>;
  actions: PostedAction[];
  /** Query strings of the execution polls, in order. */
  polls: URLSearchParams[];
  /** Answers the next `n` polls with 429 and `Retry-After: 1`. */
  throttleNextPolls(n: number): void;
  addExecution(eventType: string, payload?: object, registration?: string): string;
  pending(): string[];
  close(): Promise<void>;
}

async function json(req: IncomingMessage): Promise<Record<string, unknown>> {
  let text = "";
  for await (const chunk of req) text += chunk;
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

export async function startFakeAvala(): Promise<FakeAvala> {
  let throttle = 0;
  const state: Omit<FakeAvala, "url" | "close"> = {
    agents: [],
    executions: [],
    actions: [],
    polls: [],
    throttleNextPolls(n) {
      throttle = n;
    },
    addExecution(eventType, payload = {}, registration) {
      const uid = randomUUID();
      state.executions.push({
        uid,
        registration: registration ?? state.agents[0]?.uid ?? "",
        event_type: eventType,
        status: "pending",
        event_payload: payload,
      });
      return uid;
    },
    pending: () => state.executions.filter((e) => e.status === "pending").map((e) => e.uid),
  };
  const server = createServer(async (req, res) => {
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(body === undefined ? "" : JSON.stringify(body));
    };
    if (req.headers["x-avala-api-key"] !== TEST_KEY) return send(401, { detail: "Invalid API key." });
    const url = new URL(req.url ?? "/", "http://x");
    const path = url.pathname.replace(/^\/api\/v1/, "");
    const now = new Date().toISOString();
    if (req.method === "GET" && path === "/agents/") {
      return send(200, { next: null, previous: null, results: state.agents });
    }
    if (req.method === "POST" && path === "/agents/") {
      const body = await json(req);
      const agent = {
        uid: randomUUID(),
        is_active: true,
        created_at: now,
        updated_at: now,
        ...body,
      } as unknown as FakeAvala["agents"][number];
      state.agents.push(agent);
      return send(201, agent);
    }
    const patch = /^\/agents\/([^/]+)\/$/.exec(path);
    if (req.method === "PATCH" && patch) {
      const agent = state.agents.find((a) => a.uid === patch[1]);
      if (!agent) return send(404, { detail: "Not found." });
      Object.assign(agent, await json(req));
      return send(200, agent);
    }
    const list = /^\/agents\/([^/]+)\/executions\/$/.exec(path);
    if (req.method === "GET" && list) {
      state.polls.push(url.searchParams);
      if (throttle > 0) {
        throttle--;
        return send(429, { detail: "Request was throttled." }, { "retry-after": "1" });
      }
      const status = url.searchParams.get("status");
      const results = state.executions.filter(
        (e) => e.registration === list[1] && (status === null || e.status === status),
      );
      return send(200, { next: null, previous: null, results });
    }
    if (req.method === "POST" && path === "/agent-actions/") {
      const body = (await json(req)) as unknown as PostedAction;
      state.actions.push(body);
      const execution = state.executions.find((e) => e.uid === body.execution);
      if (!execution) return send(404, { detail: "Not found." });
      execution.status = "completed";
      return send(201, body);
    }
    send(404, { detail: `No route ${req.method} ${path}` });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return Object.assign(state, {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}
