import { Command } from "commander";
import { cliVersion } from "./version.js";

/**
 * The `avala` program without its commands: name, version, global options, one-line usage errors. Loads nothing
 * but commander, so `avala --help` and `avala --version` start fast; the commands are added by `buildProgram`.
 */
export function rootProgram(): Command {
  return (
    new Command("avala")
      .description("Command-line client of the Avala API")
      .version(cliVersion)
      .option("--api-key <key>", "API key (default: $AVALA_API_KEY, then the profile's)")
      .option(
        "--base-url <url>",
        "API root (default: $AVALA_BASE_URL, the profile's, or https://api.avala.ai/api/v1)",
      )
      .option("--profile <name>", "profile stored by `avala configure` (default: $AVALA_PROFILE or default)")
      .option("--json", "print JSON instead of tables")
      .option("--fields <a,b>", "only these fields of each result (JSON and tables)")
      .option("--columns <a,b>", "table columns to show")
      .option("--verbose", "print error details")
      .exitOverride()
      .configureHelp({ sortSubcommands: true })
      // Usage errors are one line: "avala: unknown option '--x'", without the help text after it.
      .configureOutput({
        outputError: (text, write) => write(`avala: ${text.replace(/^error: /, "")}`),
      })
  );
}
