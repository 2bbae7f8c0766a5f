// `pnpm run docs`: serves the built reference (docs/dist) with "Test Request" going to a local Prism mock, or with
// AVALA_DOCS_TARGET=api to the real API through @avala/node's proxy handler holding AVALA_API_KEY (the browser
// never sees it). Environment: PORT (default 4400), HOST (default 127.0.0.1), AVALA_BASE_URL (with api).
import { fileURLToPath } from "node:url";
import { startDocsServer } from "./docs-server.ts";

const target = process.env.AVALA_DOCS_TARGET === "api" ? "api" : "mock";
if (process.env.AVALA_DOCS_TARGET && !["api", "mock"].includes(process.env.AVALA_DOCS_TARGET)) {
  console.error(
    `AVALA_DOCS_TARGET must be "mock" (default) or "api"; got "${process.env.AVALA_DOCS_TARGET}".`,
  );
  process.exit(2);
}
try {
  const docs = await startDocsServer({
    siteDir: fileURLToPath(new URL("../dist/", import.meta.url)),
    target,
    ...(process.env.AVALA_API_KEY ? { apiKey: process.env.AVALA_API_KEY } : {}),
    ...(process.env.AVALA_BASE_URL ? { baseUrl: process.env.AVALA_BASE_URL } : {}),
    port: Number(process.env.PORT ?? 4400),
    host: process.env.HOST || "127.0.0.1",
  });
  console.log(
    `Avala API reference on ${docs.url} — "Test Request" goes to ${
      docs.mock
        ? `a local mock (${docs.mock.url})`
        : "the real API through this server's proxy (the key stays here)"
    }. TypeScript API reference: ${docs.url}typescript/index.html`,
  );
  const stop = () => {
    docs.stop().then(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
