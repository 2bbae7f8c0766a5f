/**
 * A Node client for tests against a local fake: a fixed test key, and a limiter whose windows never slow a test
 * down but whose concurrency caps are the spec's (or the given ones).
 */
import { type AvalaClient, createLimiter } from "@avala/core";
import { createClient } from "../../src/client.js";

/** The API key tests send; it must reach the API and never a storage host. */
export const TEST_API_KEY = "avk_test_4f9d2c81e6b04a7d";

/**
 * Creates a client of `baseUrl` with the test key; `uploads` caps concurrent storage transfers (default 10); `ca`
 * trusts a stand-in's self-signed certificate.
 */
export function testClient(
  baseUrl: string,
  options: { uploads?: number; limiter?: false; ca?: string } = {},
): AvalaClient {
  const limiter =
    options.limiter === false
      ? false
      : createLimiter({
          rules: { burst: { requests: 10_000, windowSeconds: 1, scope: "all" } },
          concurrency: { uploads: { maxConcurrent: options.uploads ?? 10 }, exports: { maxConcurrent: 5 } },
        });
  return createClient({
    apiKey: TEST_API_KEY,
    baseUrl,
    limiter,
    maxRetries: 0,
    ...(options.ca ? { ca: options.ca } : {}),
  });
}
