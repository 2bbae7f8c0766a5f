// The Node surface of @avala/testing: the Prism mock, scenarios and the test client. The MSW handlers are in
// `@avala/testing/msw` (no Node built-ins, no Prism); the runner glue in `@avala/testing/vitest-global-setup`,
// `@avala/testing/jest-global-setup` and `@avala/testing/jest-global-teardown`.

export { signWebhook } from "@avala/node";
export { createTestClient, TEST_API_KEY, type TestClientOptions } from "./client/create-test-client.js";
export { FAULT_HEADER, type Scenario, scenario } from "./faults/scenario.js";
export { bundledSpecPath } from "./mock/bundled-files.js";
export { type AvalaMock, type AvalaMockOptions, startAvalaMock } from "./mock/start-avala-mock.js";
export { MOCK_URL_ENV } from "./runners/mock-url.js";
export { type DeliverWebhookOptions, deliverWebhook } from "./webhooks/deliver-webhook.js";
