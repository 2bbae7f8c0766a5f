import { version } from "../package.json";

/** Version of @avala/cli, printed by `avala --version`. */
export const cliVersion: string = version;
