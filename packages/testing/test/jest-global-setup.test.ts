// The Jest global setup and teardown, called as Jest calls them: both in the runner's process, one after the other.
import { afterEach, describe, expect, it } from "vitest";
import jestGlobalSetup from "../src/runners/jest-global-setup.js";
import jestGlobalTeardown from "../src/runners/jest-global-teardown.js";
import { MOCK_URL_ENV } from "../src/runners/mock-url.js";
import { refusesConnections } from "./support/processes.js";

const before = process.env[MOCK_URL_ENV];
afterEach(() => {
  process.env[MOCK_URL_ENV] = before;
});

describe("@avala/testing/jest-global-setup and -teardown", () => {
  it("start a mock, hand its URL over in AVALA_MOCK_URL, and stop it", async () => {
    await jestGlobalSetup();
    const url = process.env[MOCK_URL_ENV]!;
    expect(url).not.toBe(before);
    const answer = await fetch(`${url}/datasets/`, { headers: { "X-Avala-Api-Key": "avk_test" } });
    expect(answer.status).toBe(200);

    await jestGlobalTeardown();
    expect(process.env[MOCK_URL_ENV]).toBeUndefined();
    expect(await refusesConnections(url)).toBe(true);
  });
});
