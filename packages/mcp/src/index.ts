export { type AvalaMcpServer, createAvalaMcpServer } from "./create-server.js";
export { run } from "./main.js";
export {
  MCP_ENV,
  parseServerOptions,
  type ServerOptions,
  TOOLS_MODES,
  type ToolsMode,
} from "./options.js";
export { InvalidArgumentsError } from "./tools/validate-arguments.js";
export { packageVersion } from "./version.js";
