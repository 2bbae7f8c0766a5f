export { type HttpServerOptions, startHttpServer } from "./http-server.js";
export { run } from "./main.js";
export { MCP_ENV, parseServerOptions, type ServerOptions } from "./options.js";
export { createAvalaMcpServer, listedTools, packageVersion } from "./server.js";
export type { ProgressUpdate, ToolContext, ToolEntry } from "./tools/tool-entry.js";
export { InvalidArgumentsError } from "./tools/validate-arguments.js";
