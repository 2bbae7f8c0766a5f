import { build } from "esbuild";
const r = await build({ stdin: { contents: `export { createClient } from ${JSON.stringify(process.argv[2] + "/index.ts")};`, resolveDir: "/work/main/bench", loader: "js" }, bundle: true, minify: true, platform: "browser", format: "esm", write: false, logLevel: "silent" });
process.stdout.write(r.outputFiles[0].text);
