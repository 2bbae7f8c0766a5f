import {
  type AvalaNodeClient,
  type ClaimStore,
  ConfigurationError,
  createClient,
  type Logger,
  MemoryClaimStore,
  type NodeClientOptions,
} from "@avala/node";
import {
  type AgentActionName,
  type AgentEventName,
  type AgentExecution,
  buildContext,
  type ContextFor,
} from "./context.js";

/** Options of {@link createAgent}. */
export interface AgentOptions {
  /** The agent's name; runners with the same name (and project) share one registration. */
  name: string;
  /** Only events of this project (UID). */
  project?: string;
  /** Only these task types (e.g. `["bounding_box", "polygon"]`). */
  taskTypes?: readonly string[];
  /** Wait between polls when idle, in ms; it doubles while idle, up to `maxPollInterval`. Default 5000. */
  pollInterval?: number;
  /** Longest wait between idle polls, in ms. Default 60 000. */
  maxPollInterval?: number;
  /** Executions handled at once. Default 1. */
  concurrency?: number;
  /** API key; default the `AVALA_API_KEY` environment variable. */
  apiKey?: string;
  /** API base URL; default `AVALA_BASE_URL`, then the production API. */
  baseUrl?: string;
  /** Rate limiter of the client (see `@avala/node`'s `createClient`); on by default with the API's limits. */
  limiter?: NodeClientOptions["limiter"];
  /** A client to use instead of creating one (then `apiKey`, `baseUrl` and `limiter` are ignored). */
  client?: AvalaNodeClient;
  /** Use this existing agent registration instead of finding or registering one by name. */
  agentUid?: string;
  /**
   * Where executions are claimed before a runner acts, so one execution gets one decision. Default: in memory
   * (one process). With several runners of one agent, share one: `createRedisClaimStore` from
   * `@avala/node/redis`.
   */
  claims?: ClaimStore;
  /** How long a runner holds an execution's claim while handling it, in ms. Default 10 minutes. */
  claimTtlMs?: number;
  /** Where the agent reports what it does. Default: warnings and errors to `console`. */
  logger?: Partial<Logger>;
}

/** Options of {@link Agent.run}. */
export interface RunOptions {
  /** Aborting it stops polling; executions in flight are finished, then `run()` resolves. */
  signal?: AbortSignal;
  /** Stop the same way on SIGINT and SIGTERM (a second signal is left to Node's default). Default true. */
  handleSignals?: boolean;
}

/** A handler; it makes one decision through its context. Taking none, or throwing, skips the execution. */
export type AgentHandler<Event extends string> = (context: ContextFor<Event>) => unknown;

/** An Avala agent: register handlers with {@link Agent.on}, then {@link Agent.run} or {@link Agent.runOnce}. */
export interface Agent {
  /** The agent's name. */
  readonly name: string;
  /** Handles `event` with `handler` (one handler per event; a second replaces the first). */
  on<Event extends AgentEventName>(event: Event, handler: AgentHandler<Event>): Agent;
  /** Finds the registration by name or registers the agent; returns its UID. Called by `run` and `runOnce`. */
  register(): Promise<string>;
  /** Polls once and handles what is pending; resolves with the number of executions handled. */
  runOnce(options?: { signal?: AbortSignal }): Promise<number>;
  /** Polls until stopped (signal, SIGINT, SIGTERM), backing off while idle; resolves once in-flight work is done. */
  run(options?: RunOptions): Promise<void>;
}

/** Reasons posted with automatic skips. */
export const SKIP_REASONS = {
  noHandler: (event: string) => `No handler registered for event type '${event}'`,
  threw: "handler raised an unhandled exception",
  noAction: "handler took no action",
} as const;

const DONE_TTL = 24 * 60 * 60 * 1000;

function positive(
  option: string,
  value: number | undefined,
  fallback: number,
  min: number,
  hint = "",
): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value) || value < min) {
    throw new ConfigurationError(option, `${option} must be a number ≥ ${min}, got ${String(value)}.${hint}`);
  }
  return value;
}

function abortable(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });
}

/**
 * Creates an agent, the TypeScript counterpart of Avala's Python `avala-agents`: it registers, polls
 * `GET /agents/{uid}/executions/?status=pending`, hands each execution to the handler of its event, and posts
 * exactly one `POST /agent-actions/` per execution (an automatic `skip`, with a reason, when no handler exists,
 * the handler throws or it decides nothing).
 *
 * @throws {ConfigurationError} a missing name, a bad number, or no API key
 */
export function createAgent(options: AgentOptions): Agent {
  if (typeof options?.name !== "string" || options.name.trim() === "") {
    throw new ConfigurationError(
      "name",
      "createAgent() needs a `name`: runners with one name share a registration.",
    );
  }
  if (
    options.taskTypes !== undefined &&
    (!Array.isArray(options.taskTypes) || options.taskTypes.some((t) => typeof t !== "string" || !t))
  ) {
    throw new ConfigurationError(
      "taskTypes",
      'taskTypes must be an array of non-empty strings, e.g. ["polygon"].',
    );
  }
  const pollInterval = positive(
    "pollInterval",
    options.pollInterval,
    5000,
    10,
    " It is in milliseconds (5000 = 5 s).",
  );
  const maxPollInterval = Math.max(
    pollInterval,
    positive("maxPollInterval", options.maxPollInterval, 60_000, 10),
  );
  const concurrency = Math.floor(positive("concurrency", options.concurrency, 1, 1));
  const claimTtl = positive("claimTtlMs", options.claimTtlMs, 10 * 60 * 1000, 1);
  const client =
    options.client ??
    createClient({
      ...(options.apiKey !== undefined ? { apiKey: options.apiKey } : {}),
      ...(options.baseUrl !== undefined ? { baseUrl: options.baseUrl } : {}),
      ...(options.limiter !== undefined ? { limiter: options.limiter } : {}),
    });
  const claims = options.claims ?? new MemoryClaimStore();
  const log: Partial<Logger> = options.logger ?? {
    warn: (message) => console.warn(`[avala agent ${options.name}] ${message}`),
    error: (message) => console.error(`[avala agent ${options.name}] ${message}`),
  };
  const handlers = new Map<string, (context: never) => unknown>();
  let uid: Promise<string> | undefined = options.agentUid ? Promise.resolve(options.agentUid) : undefined;

  async function findOrRegister(): Promise<string> {
    const events = [...handlers.keys()];
    const body = {
      name: options.name,
      events,
      ...(options.project ? { project: options.project } : {}),
      ...(options.taskTypes?.length ? { task_types: [...options.taskTypes] } : {}),
    };
    // The API does not say whether registering one name twice creates a second agent, so an existing
    // registration with this name and project is reused (and its events updated) rather than duplicated.
    for await (const agent of client.agents.list()) {
      if (agent.name !== options.name || (agent.project ?? undefined) !== (options.project ?? undefined))
        continue;
      const same =
        [...(agent.events ?? [])].sort().join() === [...events].sort().join() &&
        [...(agent.task_types ?? [])].sort().join() === [...(options.taskTypes ?? [])].sort().join();
      if (!same) await client.agents.update(agent.uid, body);
      log.info?.(`Using agent registration ${agent.uid}.`);
      return agent.uid;
    }
    const created = await client.agents.create(body);
    log.info?.(`Registered agent ${created.uid}.`);
    return created.uid;
  }

  function register(): Promise<string> {
    uid ??= findOrRegister().catch((error: unknown) => {
      uid = undefined; // the next call tries again
      throw error;
    });
    return uid;
  }

  async function post(execution: AgentExecution, action: AgentActionName, reason: string): Promise<void> {
    await client.agents.submitAction(
      { execution: execution.uid, action, ...(reason ? { reason } : {}) },
      // Retried like an idempotent request: one key per execution, so a retry cannot become a second decision.
      { idempotencyKey: `agent-action-${execution.uid}` },
    );
  }

  async function handle(execution: AgentExecution): Promise<void> {
    const handler = handlers.get(execution.event_type);
    if (!handler) {
      log.warn?.(
        `No handler for "${execution.event_type}" (execution ${execution.uid}): skipped. ` +
          `Add agent.on("${execution.event_type}", …) to handle it.`,
      );
      await post(execution, "skip", SKIP_REASONS.noHandler(execution.event_type));
      return;
    }
    const context = buildContext(execution, (action, reason) => post(execution, action, reason));
    try {
      await handler(context as never);
    } catch (error) {
      if (context.action !== undefined) throw error; // the decision was (being) posted: do not add a skip
      log.error?.(
        `The handler of "${execution.event_type}" threw on execution ${execution.uid}: ` +
          `${error instanceof Error ? error.message : String(error)}. Skipped.`,
      );
      await post(execution, "skip", SKIP_REASONS.threw);
      return;
    }
    if (context.action === undefined) {
      log.warn?.(
        `The handler of "${execution.event_type}" decided nothing on execution ${execution.uid}: skipped.`,
      );
      await post(execution, "skip", SKIP_REASONS.noAction);
    }
  }

  /** Claims, handles and completes one execution; false when another runner has it. */
  async function processExecution(execution: AgentExecution): Promise<boolean> {
    const key = `agent-execution:${execution.uid}`;
    if ((await claims.claim(key, claimTtl)) !== "claimed") return false;
    try {
      await handle(execution);
    } catch (error) {
      await claims.release(key).catch(() => {});
      log.error?.(
        `Execution ${execution.uid} was not answered: ${error instanceof Error ? error.message : String(error)}. ` +
          "It stays pending and is tried again on a later poll.",
      );
      return true;
    }
    await claims.complete(key, DONE_TTL).catch(() => {});
    return true;
  }

  async function runOnce(runOptions: { signal?: AbortSignal } = {}): Promise<number> {
    const agentUid = await register();
    const stop = runOptions.signal;
    if (stop?.aborted) return 0;
    const page = await client.agents.listExecutions(agentUid, {
      status: "pending",
      ...(options.project ? { project: options.project } : {}),
      ...(options.taskTypes?.length ? { task_types: options.taskTypes.join(",") } : {}),
    });
    const queue = [...page.results];
    let handled = 0;
    // `concurrency` workers take executions from the queue; once stopped, none starts a new one.
    const worker = async () => {
      for (let next = queue.shift(); next !== undefined && !stop?.aborted; next = queue.shift()) {
        if (await processExecution(next)) handled++;
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, worker));
    return handled;
  }

  async function run(runOptions: RunOptions = {}): Promise<void> {
    const controller = new AbortController();
    const stop = () => controller.abort();
    runOptions.signal?.addEventListener("abort", stop, { once: true });
    if (runOptions.signal?.aborted) stop();
    const signals = runOptions.handleSignals === false ? [] : (["SIGINT", "SIGTERM"] as const);
    const onSignal = (signal: NodeJS.Signals) => {
      log.warn?.(`${signal}: finishing the executions in flight, then stopping.`);
      for (const name of signals) process.off(name, onSignal);
      stop();
    };
    for (const name of signals) process.on(name, onSignal);
    let delay = pollInterval;
    try {
      while (!controller.signal.aborted) {
        let handled = 0;
        try {
          handled = await runOnce({ signal: controller.signal });
        } catch (error) {
          log.error?.(`Polling failed: ${error instanceof Error ? error.message : String(error)}. Retrying.`);
        }
        if (handled > 0) {
          delay = pollInterval;
          continue;
        }
        log.debug?.(`Nothing pending: next poll in ${delay} ms.`);
        await abortable(delay, controller.signal);
        delay = Math.min(delay * 2, maxPollInterval);
      }
    } finally {
      for (const name of signals) process.off(name, onSignal);
      runOptions.signal?.removeEventListener("abort", stop);
    }
  }

  const agent: Agent = {
    name: options.name,
    on(event, handler) {
      if (typeof event !== "string" || !event.includes(".")) {
        throw new ConfigurationError(
          "event",
          `"${String(event)}" is not an event name such as "result.submitted".`,
        );
      }
      if (typeof handler !== "function")
        throw new ConfigurationError("handler", `The handler of "${event}" must be a function.`);
      handlers.set(event, handler as (context: never) => unknown);
      return agent;
    },
    register,
    runOnce,
    run,
  };
  return agent;
}
