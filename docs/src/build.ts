// `pnpm docs:build`: the reference site into docs/dist (Scalar page, spec with samples, TypeDoc under typescript/).
// `--site-only` skips TypeDoc; `--out <dir>` writes elsewhere (the benchmark builds into a folder of its own). The
// timings go to build-info.json in the output folder.
import { statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { SITE_DIR as DEFAULT_DIR, writeSite } from "./site.ts";
import { writeTypeDoc } from "./typedoc.ts";

const { values } = parseArgs({
  options: { "site-only": { type: "boolean", default: false }, out: { type: "string" } },
});
const siteOnly = values["site-only"] === true;
const SITE_DIR = values.out ? resolve(values.out) : DEFAULT_DIR;
const started = performance.now();
const { operations } = await writeSite(SITE_DIR);
const siteMs = performance.now() - started;
if (!siteOnly) await writeTypeDoc(SITE_DIR);
const totalMs = performance.now() - started;
writeFileSync(
  join(SITE_DIR, "build-info.json"),
  `${JSON.stringify({ operations, siteMs, totalMs, siteOnly })}\n`,
);
const kB = (file: string) => (statSync(join(SITE_DIR, file)).size / 1024).toFixed(0);
console.log(
  `API reference: ${operations} operations, openapi.json ${kB("openapi.json")} kB, index.html ${kB("index.html")} kB; ` +
    `built in ${(siteMs / 1000).toFixed(1)} s${siteOnly ? "" : `, with TypeDoc ${(totalMs / 1000).toFixed(1)} s`} → ${SITE_DIR}`,
);
