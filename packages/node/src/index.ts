export { createClient, ENV, type NodeClientOptions } from "./client.js";
export { createDispatcher, type DispatcherOptions } from "./dispatcher.js";
export { packageVersion } from "./user-agent.js";
