// `pnpm docs:build`: the reference site into docs/dist (Scalar page, spec with samples, TypeDoc under typescript/).
import { statSync } from "node:fs";
import { SITE_DIR, writeSite } from "./site.ts";
import { writeTypeDoc } from "./typedoc.ts";

const started = performance.now();
const { operations } = await writeSite(SITE_DIR);
const siteMs = performance.now() - started;
await writeTypeDoc(SITE_DIR);
const totalMs = performance.now() - started;
const kB = (file: string) => (statSync(`${SITE_DIR}/${file}`).size / 1024).toFixed(0);
console.log(
  `API reference: ${operations} operations, openapi.json ${kB("openapi.json")} kB, Scalar ${kB("scalar/standalone.js")} kB; ` +
    `site ${(siteMs / 1000).toFixed(1)} s, with TypeDoc ${(totalMs / 1000).toFixed(1)} s → ${SITE_DIR}`,
);
