import { build } from "esbuild";
import { gzipSync } from "node:zlib";
const src = process.argv[2];
async function size(contents) {
  const r = await build({ stdin: { contents, resolveDir: process.cwd(), loader: "js" }, bundle: true, minify: true, platform: "browser", format: "esm", write: false, logLevel: "silent" });
  return gzipSync(r.outputFiles[0].contents).byteLength;
}
const q = JSON.stringify(src + "/index.ts");
console.log("createClient", await size(`export { createClient } from ${q};`));
console.log("createBaseClient", await size(`export { createBaseClient } from ${q};`));
console.log("everything", await size(`export * from ${q};`));
if (process.argv[3]) console.log("resources createClient", await size(`export { createClient } from ${JSON.stringify(src + "/resources/index.ts")};`));
