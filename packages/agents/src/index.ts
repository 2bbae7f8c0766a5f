// @avala/agents: Avala agents in TypeScript, on @avala/node.

export {
  type Agent,
  type AgentHandler,
  type AgentOptions,
  createAgent,
  type RunOptions,
  SKIP_REASONS,
} from "./agent.js";
export {
  AGENT_EVENTS,
  type AgentActionName,
  type AgentEventName,
  type AgentExecution,
  type BaseContext,
  type ContextFor,
  type EventContext,
  type KnownAgentEventName,
  type ResultContext,
  type TaskContext,
} from "./context.js";
