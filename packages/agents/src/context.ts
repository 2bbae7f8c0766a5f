import type { components } from "@avala/types";

/** An execution as `GET /agents/{uid}/executions/` returns it. */
export type AgentExecution = components["schemas"]["AgentExecution"];

/** A decision an agent posts for one execution. */
export type AgentActionName = "approve" | "reject" | "flag" | "skip";

/** The events an agent can handle (`avala-agents`' list); any other string is accepted too. */
export const AGENT_EVENTS = [
  "result.submitted",
  "result.accepted",
  "result.rejected",
  "task.completed",
  "dataset.created",
  "dataset.updated",
  "dataset.deleted",
  "export.completed",
  "export.failed",
] as const;

/** A known agent event name. */
export type KnownAgentEventName = (typeof AGENT_EVENTS)[number];

/** An agent event name: a known one, or any other the platform may add. */
export type AgentEventName = KnownAgentEventName | (string & {});

/** What every handler gets: the execution, and one decision to make. */
export interface BaseContext {
  /** UID of the execution being answered. */
  readonly executionUid: string;
  /** The event that triggered it. */
  readonly eventType: string;
  /** The event's data as the API sent it (`event_payload`). */
  readonly payload: Readonly<Record<string, unknown>>;
  /** Project the event belongs to, when the payload names one. */
  readonly projectUid: string | undefined;
  /** The execution as listed by the API. */
  readonly execution: AgentExecution;
  /** The decision made so far (`undefined` until an action method is called). */
  readonly action: AgentActionName | undefined;
  /** Approves: the result advances through the workflow. */
  approve(reason?: string): Promise<void>;
  /** Rejects: the result goes back to the annotator, with `reason` shown to them. */
  reject(reason: string): Promise<void>;
  /** Flags for human review, with `reason` shown to the reviewer. */
  flag(reason: string): Promise<void>;
  /** Acknowledges without a workflow action. */
  skip(reason?: string): Promise<void>;
}

/** Context of `result.*` events: the annotation result to review. */
export interface ResultContext extends BaseContext {
  readonly taskUid: string | undefined;
  readonly resultUid: string | undefined;
  /** The result's annotations (`result_data`), `[]` when absent. */
  readonly resultData: readonly unknown[];
  /** The result's metadata (`result_metadata`), `{}` when absent. */
  readonly resultMetadata: Readonly<Record<string, unknown>>;
  readonly taskName: string | undefined;
  readonly taskType: string | undefined;
}

/** Context of `task.*` events. */
export interface TaskContext extends BaseContext {
  readonly taskUid: string | undefined;
  readonly taskName: string | undefined;
  readonly taskType: string | undefined;
  readonly taskStatus: string | undefined;
}

/** Context of dataset, export and other events: the resource they concern. */
export interface EventContext extends BaseContext {
  /** `dataset_uid` or `export_uid` of the payload. */
  readonly resourceUid: string | undefined;
  /** `dataset`, `export`, … (the event name's first part). */
  readonly resourceType: string;
}

/** The context a handler of `Event` receives. */
export type ContextFor<Event extends string> = Event extends `result.${string}`
  ? ResultContext
  : Event extends `task.${string}`
    ? TaskContext
    : EventContext;

const text = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);

/** Builds the context of one execution; `act` posts the decision. */
export function buildContext(
  execution: AgentExecution,
  act: (action: AgentActionName, reason: string) => Promise<void>,
): ResultContext | TaskContext | EventContext {
  const payload = (execution.event_payload ?? {}) as Record<string, unknown>;
  const eventType = execution.event_type;
  let action: AgentActionName | undefined;
  const decide = (name: AgentActionName, reason: unknown, required: boolean): Promise<void> => {
    if (action !== undefined) {
      return Promise.reject(
        new TypeError(
          `Execution ${execution.uid} was already answered with "${action}"; a handler makes exactly one decision.`,
        ),
      );
    }
    if (reason !== undefined && typeof reason !== "string") {
      return Promise.reject(new TypeError(`The reason given to ${name}() must be a string.`));
    }
    if (required && !reason) {
      return Promise.reject(
        new TypeError(`${name}() needs a reason: it is shown to the people who follow up.`),
      );
    }
    action = name;
    return act(name, reason ?? "");
  };
  const base = {
    executionUid: execution.uid,
    eventType,
    payload,
    projectUid: text(payload.project_uid),
    execution,
    get action() {
      return action;
    },
    approve: (reason?: string) => decide("approve", reason, false),
    reject: (reason: string) => decide("reject", reason, true),
    flag: (reason: string) => decide("flag", reason, true),
    skip: (reason?: string) => decide("skip", reason, false),
  };
  if (eventType.startsWith("result.")) {
    return Object.assign(base, {
      taskUid: text(payload.task_uid),
      resultUid: text(payload.result_uid),
      resultData: Array.isArray(payload.result_data) ? payload.result_data : [],
      resultMetadata: (payload.result_metadata ?? {}) as Record<string, unknown>,
      taskName: text(payload.task_name),
      taskType: text(payload.task_type),
    });
  }
  if (eventType.startsWith("task.")) {
    return Object.assign(base, {
      taskUid: text(payload.task_uid),
      taskName: text(payload.task_name),
      taskType: text(payload.task_type),
      taskStatus: text(payload.task_status),
    });
  }
  return Object.assign(base, {
    resourceUid: text(payload.dataset_uid) ?? text(payload.export_uid),
    resourceType: eventType.split(".")[0] ?? eventType,
  });
}
