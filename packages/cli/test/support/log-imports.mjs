// `node --import ./log-imports.mjs …`: appends every module the process resolves (ESM imports, and the CommonJS
// packages they import) to the file named by $AVALA_IMPORT_LOG, one URL a line.
import { register } from "node:module";

register(
  `data:text/javascript,${encodeURIComponent(`
import { appendFileSync } from "node:fs";
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  appendFileSync(${JSON.stringify(process.env.AVALA_IMPORT_LOG)}, result.url + "\\n");
  return result;
}`)}`,
);
