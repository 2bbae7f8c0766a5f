/**
 * Environment variable through which the Vitest and Jest global setups hand the mock's URL to test files (and
 * which {@link createTestClient} reads). Test workers are started after the global setup, so they inherit it.
 */
export const MOCK_URL_ENV = "AVALA_MOCK_URL";
