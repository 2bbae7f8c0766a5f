import { version } from "../package.json";

/** Version of @avala/mcp (reported to clients as the server version). */
export const packageVersion: string = version;
