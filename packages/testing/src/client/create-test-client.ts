import { ConfigurationError, createLimiter } from "@avala/core";
import { createClient, type NodeClientOptions } from "@avala/node";
import { type Scenario, scenario as scenarioHeaders } from "../faults/scenario.js";
import { MOCK_URL_ENV } from "../runners/mock-url.js";

/** The API key test clients send. The mock checks that a key is present, not which one. */
export const TEST_API_KEY = "avk_test_0000000000000000";

/** Options of {@link createTestClient}: @avala/node's options, plus a scenario for every request. */
export interface TestClientOptions extends NodeClientOptions {
  /** Play this scenario on every request of the client (see {@link scenario}). */
  scenario?: Scenario;
}

type AvalaClient = ReturnType<typeof createClient>;

/**
 * An `@avala/node` client pointed at the mock: `baseUrl` defaults to `AVALA_MOCK_URL` (set by the Vitest and
 * Jest global setups), the API key to a test key, and the rate limiter is relaxed so no test waits for a
 * window (the spec's concurrency caps stay). Retries keep core's policy with a 1 ms backoff, so a scenario of
 * `times: 1` shows the retry without slowing the test; a `Retry-After` is honoured up to 5 s, and a longer one
 * (the spec's example is 30 s) surfaces at once as a RateLimitError.
 *
 * @example
 * const avala = createTestClient({ scenario: { status: 429, retryAfter: 0, times: 1 } });
 * await avala.GET("/datasets/"); // one 429, then the retry succeeds
 */
export function createTestClient(options: TestClientOptions = {}): AvalaClient {
  const { scenario, headers, retry, ...rest } = options;
  const baseUrl = rest.baseUrl ?? process.env[MOCK_URL_ENV];
  if (!baseUrl) {
    throw new ConfigurationError(
      "baseUrl",
      `createTestClient() needs the mock's URL: pass \`baseUrl\` (e.g. the \`url\` of startAvalaMock()), or use ` +
        `the Vitest/Jest global setup of @avala/testing, which sets ${MOCK_URL_ENV}.`,
    );
  }
  return createClient({
    apiKey: TEST_API_KEY,
    limiter: createLimiter({ rules: { burst: { requests: 1_000_000, windowSeconds: 1, scope: "all" } } }),
    ...rest,
    baseUrl,
    retry: { initialDelayMs: 1, maxDelayMs: 10, maxRetryAfterMs: 5000, ...retry },
    headers: { ...(scenario ? scenarioHeaders(scenario) : {}), ...headers },
  });
}
