import { build } from "esbuild";
const src = process.argv[2];
const r = await build({ stdin: { contents: `export { createBaseClient } from ${JSON.stringify(src + "/index.ts")};`, resolveDir: "/work/main/bench", loader: "js" }, bundle: true, minify: true, platform: "browser", format: "esm", write: false, metafile: true, logLevel: "silent" });
const out = Object.values(r.metafile.outputs)[0];
for (const [p, i] of Object.entries(out.inputs).sort((a,b)=>b[1].bytesInOutput-a[1].bytesInOutput)) console.log(i.bytesInOutput, p.replace(/.*node_modules\//,'nm/').replace(/.*packages\//,''));
