import type { CatalogOperation } from "@avala/types/catalog";
import type { CliCommand } from "./samples.ts";

/** A rule of the spec's `x-avala-rate-limits`. */
export interface RateLimitRule {
  requests: number;
  windowSeconds: number;
  scope: "all" | "class";
  description?: string;
}

/** A pool of the spec's `x-avala-concurrency-limits`. */
export interface ConcurrencyLimit {
  maxConcurrent: number;
  description?: string;
}

/** The spec's top-level limits, as the `x-avala-*` extensions declare them. */
export interface SpecLimits {
  rateLimits: Record<string, RateLimitRule>;
  concurrencyLimits: Record<string, ConcurrencyLimit>;
}

const per = (rule: RateLimitRule): string =>
  `${rule.requests} requests per ${rule.windowSeconds === 1 ? "second" : `${rule.windowSeconds} seconds`}`;

/**
 * The facts of the operation's `x-avala-*` extensions in words, and where each SDK surface calls it: appended to
 * the operation's description, so a reader sees them on its page (Scalar renders the description as Markdown).
 */
export function operationFacts(op: CatalogOperation, command: CliCommand, limits: SpecLimits): string {
  const lines: string[] = [];
  const python = op.officialSdk.python
    ? `\`client.${op.officialSdk.python}(…)\` in the official Python SDK`
    : "no method in the official Python SDK";
  lines.push(
    `**Calling it:** \`avala.${op.sdkMethod}(…)\` in \`@avala/node\` · \`avala ${command.words}\` on the command line · ${python} (samples on the right).`,
  );
  const general = Object.entries(limits.rateLimits).filter(([, rule]) => rule.scope === "all");
  if (op.authenticated) {
    const parts = general.map(([name, rule]) => `${per(rule)} (\`${name}\`)`);
    let text = `**Rate limits:** counts against the per-user limits, ${parts.join(" and ")}`;
    const cls = op.rateLimit ? limits.rateLimits[op.rateLimit] : undefined;
    if (op.rateLimit && cls) {
      text += `, and against the \`${op.rateLimit}\` class: ${per(cls)}, shared by every operation of the class`;
    }
    lines.push(
      `${text}. Over a limit the API answers 429 with \`Retry-After\`; the SDK's limiter waits before sending instead.`,
    );
  } else {
    lines.push("**Authentication:** none: this operation is called without an API key.");
  }
  if (op.concurrency) {
    const pool = limits.concurrencyLimits[op.concurrency];
    lines.push(
      `**Concurrency:** at most ${pool?.maxConcurrent ?? "a few"} at a time per user (the \`${op.concurrency}\` pool${pool?.description ? `: ${pool.description.replace(/\.$/, "")}` : ""}).`,
    );
  }
  if (op.paginated) {
    lines.push(
      "**Pagination:** cursor-paginated. The response holds one page in `results` and the links `next` and `previous`; " +
        "follow `next` until it is `null` (do not build cursors yourself). `for await` over the `@avala/node` method " +
        "walks every page; the CLI prints the first page, `--all` every page.",
    );
  }
  return lines.join("\n\n");
}

/** The reference's introduction: how to call the API, its limits, pagination, errors and trying it here. */
export function introduction(limits: SpecLimits): string {
  const rate = Object.entries(limits.rateLimits)
    .map(
      ([name, rule]) =>
        `| \`${name}\` | ${per(rule)} | ${rule.scope === "all" ? "every authenticated request" : "operations of this class"} | ${rule.description ?? ""} |`,
    )
    .join("\n");
  const pools = Object.entries(limits.concurrencyLimits)
    .map(([name, pool]) => `| \`${name}\` | ${pool.maxConcurrent} at a time | ${pool.description ?? ""} |`)
    .join("\n");
  return `
## Calling the API

Every operation has samples for \`@avala/node\` (its resource method), the \`avala\` command line, curl and,
where it has the method, the official Python SDK. The TypeScript packages' own reference is at
[TypeScript API reference](typescript/index.html).

## Rate limits

| rule | limit | applies to | description |
| --- | --- | --- | --- |
${rate}

| pool | concurrency | description |
| --- | --- | --- |
${pools}

Each operation's page says which class and pool it belongs to. Over a limit the API answers \`429 Too Many
Requests\` with \`Retry-After\` (seconds).

## Pagination

Lists are cursor-paginated: a page is \`{ "results": [...], "next": url | null, "previous": url | null }\`.
Follow \`next\` until it is \`null\`; an empty \`results\` with \`next: null\` is the end.

## Errors

Errors come with a JSON body (\`detail\`, and field errors for 400). Each operation lists the statuses it can
answer with their examples: 400 invalid input, 401 missing or wrong key, 403 not permitted, 404 not found,
409 conflict, 429 rate limited, 5xx server errors (retried by the SDK).

## Try it

Served by \`pnpm docs\`, "Test Request" goes to this docs server: a local mock of the API built from this
description (no key, no network), or, when started with \`AVALA_API_KEY\`, the real API through a proxy that
adds the key on the server; the browser never holds it.
`;
}
