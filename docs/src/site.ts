import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type CatalogOperation, catalog } from "@avala/types/catalog";
import { parse } from "yaml";
import { cliCommands } from "./cli-commands.ts";
import { introduction, operationFacts, type SpecLimits } from "./describe.ts";
import { prerenderReference } from "./prerender.ts";
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
 * limits, pagination, errors and how to try it; and the summary of its first operation (the navigation's first
 * entry). Throws naming the operation when one has no catalog entry.
 */
export async function buildReferenceSpec(
  specText: string,
): Promise<{ spec: Json; samples: Map<string, CodeSample[]>; firstOperation: string }> {
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
  const [firstId] = samples.keys();
  if (firstId === undefined) throw new Error("the spec has no operation");
  return { spec, samples, firstOperation: byId.get(firstId)!.summary };
}

/** Scalar's settings, the same for the page's prerendered snapshot and for the live reference app.js mounts. */
const SCALAR_CONFIG = {
  withDefaultFonts: false,
  telemetry: false,
  agent: { disabled: true },
  mcp: { disabled: true },
  showDeveloperTools: "never",
  hiddenClients: true,
  documentDownloadType: "json",
  defaultOpenAllTags: false,
} as const;

/** What app.js waits for in the live reference before it replaces the snapshot: the title and first operation. */
interface ReadyMarks {
  title: string;
  firstOperation: string;
}

/**
 * The page. The snapshot (Scalar's reference rendered at build time) is on screen at the first paint; the live
 * reference mounts, hidden, into `#app` and replaces it once rendered. Scalar's stylesheet comes first, so the
 * snapshot is styled; its ES-module entry, static chunks and the spec are preloaded, so the live reference does not
 * wait for one request after another. The colour mode (saved, else the system's) is set before the first paint.
 */
function indexHtml(title: string, snapshot: string, preload: readonly string[]): string {
  const modules = preload.map((file) => `    <link rel="modulepreload" href="${file}" />`).join("\n");
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${title}</title>
    <link rel="icon" href="favicon.svg" type="image/svg+xml" />
    <link rel="stylesheet" href="scalar/style.css" />
    <link rel="preload" href="openapi.json" as="fetch" crossorigin />
${modules}
    <style>
      body { margin: 0; }
      #app[data-pending] { position: absolute; top: 0; left: 0; right: 0; visibility: hidden; }
      #avala-links { position: fixed; right: 16px; bottom: 12px; z-index: 1000; font: 13px system-ui, sans-serif;
        background: var(--scalar-background-1, #fff); border: 1px solid var(--scalar-border-color, #ddd);
        border-radius: 6px; padding: 6px 10px; }
      #avala-links a { color: var(--scalar-color-accent, #0b5cad); margin: 0 4px; }
    </style>
    <script type="module" src="app.js"></script>
  </head>
  <body>
    <script>
      (() => {
        let dark = matchMedia("(prefers-color-scheme: dark)").matches;
        try {
          const saved = localStorage.getItem("colorMode");
          if (saved === "dark" || saved === "light") dark = saved === "dark";
        } catch {}
        document.body.classList.add(dark ? "dark-mode" : "light-mode");
      })();
    </script>
    <div id="avala-snapshot">${snapshot}</div>
    <div id="app" data-pending></div>
    <nav id="avala-links" aria-label="More references">
      <a href="typescript/index.html">TypeScript API reference</a>·<a href="openapi.json" download>openapi.json</a>
    </nav>
  </body>
</html>
`;
}

/**
 * Mounts the live reference. A docs server (`pnpm run docs`) answers `docs-server.json` with where its API is (the
 * mock, or the proxy to the real API that adds the key on the server); "Test Request" then goes there by default.
 * Nothing is loaded from another origin: the fonts are the system's, telemetry and the AI agent are off. Once the
 * live reference shows the title and the first operation, it replaces the snapshot and `<html>` gets
 * `data-avala-ready` (what tests and scripts wait for before they use the page).
 */
function appJs(marks: ReadyMarks): string {
  return `import { createApiReference } from "./scalar/standalone.esm.js";

const marks = ${JSON.stringify(marks)};
const app = document.getElementById("app");
const ready = () =>
  app.textContent.includes(marks.firstOperation) &&
  [...app.querySelectorAll("h1")].some((h) => h.textContent.trim() === marks.title);
const observer = new MutationObserver(() => {
  if (!ready()) return;
  observer.disconnect();
  requestAnimationFrame(() => {
    document.getElementById("avala-snapshot")?.remove();
    app.removeAttribute("data-pending");
    document.documentElement.dataset.avalaReady = "";
  });
});
observer.observe(app, { childList: true, subtree: true, characterData: true });

let server = null;
try {
  const response = await fetch("docs-server.json", { cache: "no-store" });
  if (response.ok) server = await response.json();
} catch {}
const config = { url: "openapi.json", ...${JSON.stringify(SCALAR_CONFIG)} };
if (server) {
  const docsServer = { url: new URL(server.apiUrl, location.href).href.replace(/\\/$/, ""), description: server.description };
  config.servers = [docsServer];
}
window.avalaReference = createApiReference("#app", config);
`;
}

/**
 * Scalar's browser build as ES modules: the entry and the chunks it imports, so what the first render does not
 * use (the request client, the search index…) loads when it is needed. Returns the files the entry imports before
 * it runs, for `modulepreload`.
 */
function copyScalarModules(scalarDist: string, outDir: string): string[] {
  const from = join(scalarDist, "browser");
  mkdirSync(join(outDir, "scalar", "chunks"), { recursive: true });
  copyFileSync(join(from, "standalone.esm.js"), join(outDir, "scalar", "standalone.esm.js"));
  for (const file of readdirSync(join(from, "chunks"))) {
    if (file.endsWith(".js"))
      copyFileSync(join(from, "chunks", file), join(outDir, "scalar", "chunks", file));
  }
  copyFileSync(join(scalarDist, "style.css"), join(outDir, "scalar", "style.css"));
  // Static imports, followed from the entry through the chunks (dynamic `import()` is left to load later).
  const seen = new Set<string>();
  const visit = (relative: string) => {
    if (seen.has(relative)) return;
    seen.add(relative);
    const code = readFileSync(join(outDir, "scalar", relative), "utf8");
    const dir = dirname(relative);
    for (const match of code.matchAll(/(?:\bfrom\s*|\bimport\s*)["'](\.{1,2}\/[^"']+\.js)["']/g)) {
      visit(join(dir, match[1]!));
    }
  };
  visit("standalone.esm.js");
  return [...seen].map((file) => `scalar/${file}`);
}

const FAVICON = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#0b5cad"/><text x="16" y="23" font-family="system-ui,sans-serif" font-size="20" font-weight="700" text-anchor="middle" fill="#fff">A</text></svg>`;

/** Writes the static site into {@link SITE_DIR} (the TypeDoc reference goes to `typescript/` separately). */
export async function writeSite(outDir: string = SITE_DIR): Promise<{ operations: number }> {
  const { spec, samples, firstOperation } = await buildReferenceSpec(readFileSync(SPEC_PATH, "utf8"));
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  // The package exports no `./package.json`; its `dist/` is found through the stylesheet it does export.
  const stylesheet = createRequire(import.meta.url).resolve("@scalar/api-reference/style.css");
  const preload = copyScalarModules(dirname(stylesheet), outDir);
  const info = spec.info as Json;
  const snapshot = await prerenderReference(stylesheet, { ...SCALAR_CONFIG, content: spec });
  writeFileSync(join(outDir, "openapi.json"), `${JSON.stringify(spec)}\n`);
  writeFileSync(join(outDir, "index.html"), indexHtml(`${info.title} reference`, snapshot, preload));
  writeFileSync(join(outDir, "app.js"), appJs({ title: String(info.title), firstOperation }));
  writeFileSync(join(outDir, "favicon.svg"), FAVICON);
  return { operations: samples.size };
}
