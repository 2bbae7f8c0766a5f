import type { Command } from "commander";
import { configPath, DEFAULT_PROFILE, listProfiles, saveProfile } from "../config/profiles.js";
import { readSecret } from "../config/read-secret.js";
import type { GlobalOptions } from "../context.js";
import { UsageError } from "../usage-error.js";

/**
 * `avala configure`: stores an API key (and optionally a base URL) in a profile, in a file only its owner can
 * read; `avala configure list` shows the profiles. The key is read without echo and never printed.
 */
export function registerConfigure(program: Command): void {
  const configure = program
    .command("configure")
    .description(
      'Store an API key in a profile (--profile, default "default"); environment variables still win',
    )
    .option("--api-key-stdin", "read the key from stdin instead of prompting (for scripts)")
    .action(async (opts: { apiKeyStdin?: boolean }) => {
      const { profile = DEFAULT_PROFILE, baseUrl, apiKey: flagKey } = program.opts<GlobalOptions>();
      if (flagKey) {
        // A key on the command line lands in shell history; refuse rather than store it from there.
        throw new UsageError(
          "Do not pass the key as --api-key here: enter it at the prompt or use --api-key-stdin.",
        );
      }
      if (!opts.apiKeyStdin && !process.stdin.isTTY) {
        throw new UsageError("stdin is not a terminal: pass --api-key-stdin to read the key from it.");
      }
      const apiKey = await readSecret(`API key for profile "${profile}": `);
      if (!apiKey) throw new UsageError("No key entered; nothing was stored.");
      await saveProfile(profile, { apiKey, ...(baseUrl ? { baseUrl } : {}) });
      process.stdout.write(`Saved profile "${profile}" in ${configPath()} (readable only by you).\n`);
    });
  configure
    .command("list")
    .description("List the stored profiles (never their keys)")
    .action(async () => {
      const profiles = await listProfiles();
      if (profiles.length === 0) process.stdout.write("No profiles; run `avala configure`.\n");
      for (const p of profiles) {
        process.stdout.write(
          `${p.name}\t${p.baseUrl ?? "(default base URL)"}\t${p.hasKey ? "key set" : "no key"}\n`,
        );
      }
    });
}
