// After the build: writes dist/commands.json, the top-level commands as `avala --help` lists them, from the
// built program itself. `avala`, `avala --help` and `avala --version` read it instead of loading every command.
import { writeFileSync } from "node:fs";

const { buildProgram, topLevelCommands } = await import("../dist/program.mjs");
const commands = topLevelCommands(buildProgram([]));
writeFileSync(new URL("../dist/commands.json", import.meta.url), `${JSON.stringify(commands, null, 2)}\n`);
