import { describe, expect, it } from "vitest";
import { storageRetryAfterMs } from "../../src/uploads/presigned-post.js";

// Storage answers (presigned uploads, fleet part uploads) are read with core's Retry-After parser, as API answers
// are: seconds or an HTTP date, measured against the answer's own Date, and nothing beyond an hour.
describe("storageRetryAfterMs", () => {
  const answer = (headers: Record<string, string | string[]>) => ({ statusCode: 503, headers });

  it("reads delta-seconds", () => {
    expect(storageRetryAfterMs(answer({ "retry-after": "2" }))).toBe(2000);
  });

  it("reads an HTTP date against the answer's Date header", () => {
    const headers = { "retry-after": "Sun, 06 Dec 2026 12:00:10 GMT", date: "Sun, 06 Dec 2026 12:00:00 GMT" };
    expect(storageRetryAfterMs(answer(headers))).toBe(10_000);
  });

  it("takes the first of a repeated header", () => {
    expect(storageRetryAfterMs(answer({ "retry-after": ["3", "9"] }))).toBe(3000);
  });

  it("asks for nothing when the header is absent, not a time, or more than an hour away", () => {
    expect(storageRetryAfterMs(answer({}))).toBeUndefined();
    expect(storageRetryAfterMs(answer({ "retry-after": "soon" }))).toBeUndefined();
    expect(storageRetryAfterMs(answer({ "retry-after": "7200" }))).toBeUndefined();
  });
});
