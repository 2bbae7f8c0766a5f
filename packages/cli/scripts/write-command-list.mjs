// After the build: writes dist/commands.json and dist/help.json, the top-level commands as `avala --help` lists them, from the
// built program itself. `avala`, `avala --help` and `avala --version` read it instead of loading every command.
import { writeFileSync } from "node:fs";

const { buildProgram, helpLayout, topLevelCommands } = await import("../dist/program.mjs");
const program = buildProgram([]);
writeFileSync(
  new URL("../dist/commands.json", import.meta.url),
  `${JSON.stringify(topLevelCommands(program), null, 2)}\n`,
);
// `avala`, `avala --help` and `avala -h` print the root help from this layout without loading commander.
writeFileSync(new URL("../dist/help.json", import.meta.url), `${JSON.stringify(helpLayout(program))}\n`);
