import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type CatalogOperation, catalog } from "@avala/types/catalog";
import { parse } from "yaml";
import { cliCommands } from "./cli-commands.ts";
import { introduction, operationFacts, type SpecLimits } from "./describe.ts";
import { type CodeSample, samplesOf } from "./samples.ts";

/** The docs package's folder. */
export const DOCS_ROOT: string = fileURLToPath(new URL("..", import.meta.url));
/** Where `pnpm docs:build` writes the site: `docs/dist/` (open `index.html` through `pnpm run docs`, or any static server). */
export const SITE_DIR: string = join(DOCS_ROOT, "dist");
/** The description the site is built from. */
export const SPEC_PATH: string = join(DOCS_ROOT, "..", "spec", "avala.openapi.yaml");

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;

type Json = Record<string, unknown>;

/** What the site serves at `docs-server.json` when a docs server (mock or proxy) stands behind it. */
export interface DocsServerInfo {
  /** URL of the API root on the docs server, relative to the page (e.g. `api`). */
  apiUrl: string;
  /** Shown in the server picker of "Test Request". */
  description: string;
}

/**
 * The spec as the site shows it: every operation with its `x-codeSamples` (@avala/node, avala CLI, curl and the
 * official Python SDK where it has the method) and its `x-avala-*` facts in words; the introduction with the
 * limits, pagination, errors and how to try it. Throws naming the operation when one has no catalog entry.
 */
export async function buildReferenceSpec(
  specText: string,
): Promise<{ spec: Json; samples: Map<string, CodeSample[]> }> {
  const spec = parse(specText) as Json;
  const byId = new Map<string, CatalogOperation>(catalog.map((op) => [op.operationId, op]));
  const commands = await cliCommands(catalog);
  const limits: SpecLimits = {
    rateLimits: (spec["x-avala-rate-limits"] ?? {}) as SpecLimits["rateLimits"],
    concurrencyLimits: (spec["x-avala-concurrency-limits"] ?? {}) as SpecLimits["concurrencyLimits"],
  };
  const samples = new Map<string, CodeSample[]>();
  for (const [path, item] of Object.entries((spec.paths ?? {}) as Record<string, Json>)) {
    for (const method of METHODS) {
      const op = item[method] as Json | undefined;
      if (!op) continue;
      const id = op.operationId as string;
      const entry = byId.get(id);
      if (!entry) {
        throw new Error(
          `${method.toUpperCase()} ${path} (${id}) is not in @avala/types' catalog: rebuild it`,
        );
      }
      const command = commands.get(id)!;
      const list = samplesOf(entry, command);
      samples.set(id, list);
      op["x-codeSamples"] = list;
      const facts = operationFacts(entry, command, limits);
      op.description = op.description ? `${String(op.description).trim()}\n\n${facts}` : facts;
    }
  }
  const info = spec.info as Json;
  info.description = `${String(info.description ?? "").trim()}\n${introduction(limits)}`;
  return { spec, samples };
}

/** The page: Scalar's standalone bundle, mounted on `openapi.json`, pointed at the docs server when there is one. */
function indexHtml(title: string): string {
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${title}</title>
    <link rel="icon" href="favicon.svg" type="image/svg+xml" />
    <style>
      #avala-links { position: fixed; right: 16px; bottom: 12px; z-index: 1000; font: 13px system-ui, sans-serif;
        background: var(--scalar-background-1, #fff); border: 1px solid var(--scalar-border-color, #ddd);
        border-radius: 6px; padding: 6px 10px; }
      #avala-links a { color: var(--scalar-color-accent, #0b5cad); margin: 0 4px; }
    </style>
  </head>
  <body>
    <div id="app"></div>
    <nav id="avala-links" aria-label="More references">
      <a href="typescript/index.html">TypeScript API reference</a>·<a href="openapi.json" download>openapi.json</a>
    </nav>
    <script src="scalar/standalone.js"></script>
    <script src="app.js"></script>
  </body>
</html>
`;
}

/**
 * Mounts the reference. A docs server (`pnpm run docs`) answers `docs-server.json` with where its API is (the mock,
 * or the proxy to the real API that adds the key on the server); "Test Request" then goes there by default.
 * Nothing is loaded from another origin: the fonts are the system's, telemetry and the AI agent are off.
 */
const APP_JS = `(async () => {
  let server = null;
  try {
    const response = await fetch("docs-server.json", { cache: "no-store" });
    if (response.ok) server = await response.json();
  } catch {}
  const config = {
    url: "openapi.json",
    withDefaultFonts: false,
    telemetry: false,
    agent: { disabled: true },
    mcp: { disabled: true },
    showDeveloperTools: "never",
    hiddenClients: true,
    documentDownloadType: "json",
    defaultOpenAllTags: false,
  };
  if (server) {
    const docsServer = { url: new URL(server.apiUrl, location.href).href.replace(/\\/$/, ""), description: server.description };
    config.servers = [docsServer];
  }
  window.avalaReference = Scalar.createApiReference("#app", config);
})();
`;

const FAVICON = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#0b5cad"/><text x="16" y="23" font-family="system-ui,sans-serif" font-size="20" font-weight="700" text-anchor="middle" fill="#fff">A</text></svg>`;

/** Writes the static site into {@link SITE_DIR} (the TypeDoc reference goes to `typescript/` separately). */
export async function writeSite(outDir: string = SITE_DIR): Promise<{ operations: number }> {
  const { spec, samples } = await buildReferenceSpec(readFileSync(SPEC_PATH, "utf8"));
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(join(outDir, "scalar"), { recursive: true });
  // The package exports no `./package.json`; its `dist/` is found through the stylesheet it does export.
  const scalarDist = dirname(createRequire(import.meta.url).resolve("@scalar/api-reference/style.css"));
  copyFileSync(join(scalarDist, "browser", "standalone.js"), join(outDir, "scalar", "standalone.js"));
  writeFileSync(join(outDir, "openapi.json"), `${JSON.stringify(spec)}\n`);
  writeFileSync(join(outDir, "index.html"), indexHtml(`${(spec.info as Json).title} reference`));
  writeFileSync(join(outDir, "app.js"), APP_JS);
  writeFileSync(join(outDir, "favicon.svg"), FAVICON);
  return { operations: samples.size };
}
