import type { AvalaClient } from "@avala/core";
import { DEFAULT_PROFILE, readProfile } from "./config/profiles.js";
import { createOutput, type Output, type OutputOptions } from "./output.js";
import { UsageError } from "./usage-error.js";

/** Global options shared by every command. */
export interface GlobalOptions extends OutputOptions {
  apiKey?: string;
  baseUrl?: string;
  profile?: string;
}

/** What a command needs: a client (created on first use, so `--help` needs no key) and the output. */
export interface CommandContext {
  client(): AvalaClient;
  out: Output;
  /** The command-line arguments after `avala` (to print the command that continues a listing). */
  args: readonly string[];
}

/**
 * Where the key and base URL come from, first found wins: the flags, the environment (`AVALA_API_KEY`,
 * `AVALA_BASE_URL`), then the profile (`--profile`, else `AVALA_PROFILE`, else "default") that `avala configure`
 * stored.
 */
export async function resolveCredentials(
  options: GlobalOptions,
): Promise<{ apiKey: string; baseUrl?: string }> {
  const name = options.profile ?? (process.env.AVALA_PROFILE || DEFAULT_PROFILE);
  const profile = await readProfile(name);
  if (options.profile !== undefined && profile === undefined) {
    throw new UsageError(
      `No profile "${options.profile}": create it with \`avala configure --profile ${options.profile}\`.`,
    );
  }
  const apiKey = options.apiKey || process.env.AVALA_API_KEY || profile?.apiKey;
  if (!apiKey) {
    throw new UsageError(
      "No API key: pass --api-key, set the AVALA_API_KEY environment variable, or run `avala configure`.",
    );
  }
  const baseUrl = options.baseUrl || process.env.AVALA_BASE_URL || profile?.baseUrl;
  return { apiKey, ...(baseUrl ? { baseUrl } : {}) };
}

/**
 * Builds the context from the program's global options. The credentials are resolved before the command runs;
 * if that failed, the error surfaces only when a command asks for the client (`configure` and `completion` do not).
 */
export async function createContext(
  options: GlobalOptions,
  args: readonly string[] = [],
): Promise<CommandContext> {
  const credentials = await resolveCredentials(options).catch((error: unknown) => error);
  // Loaded here, when a command runs, not when the program is built: `--help` of a command needs no HTTP client.
  const { createClient } = await import("@avala/node");
  let client: AvalaClient | undefined;
  return {
    client: () => {
      if (credentials instanceof Error) throw credentials;
      client ??= createClient(credentials as { apiKey: string; baseUrl?: string });
      return client;
    },
    out: createOutput(options),
    args,
  };
}
