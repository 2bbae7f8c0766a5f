import type { AvalaClient } from "@avala/core";
import { createClient } from "@avala/node";
import { UsageError } from "./exit-codes.js";
import { createOutput, type Output } from "./output.js";

/** Global options shared by every command. */
export interface GlobalOptions {
  apiKey?: string;
  baseUrl?: string;
  json?: boolean;
  verbose?: boolean;
}

/** What a command needs: a client (created on first use, so `--help` needs no key) and the output. */
export interface CommandContext {
  client(): AvalaClient;
  out: Output;
}

/** Builds the context from the program's global options. */
export function createContext(options: GlobalOptions): CommandContext {
  let client: AvalaClient | undefined;
  return {
    client: () => {
      if (!options.apiKey && !process.env.AVALA_API_KEY) {
        throw new UsageError("No API key: pass --api-key or set the AVALA_API_KEY environment variable.");
      }
      client ??= createClient({
        ...(options.apiKey ? { apiKey: options.apiKey } : {}),
        ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
      });
      return client;
    },
    out: createOutput(options),
  };
}
