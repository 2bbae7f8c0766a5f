#!/usr/bin/env node
// Starts the Prism mock of the bundled spec in the foreground: `avala-mock [--port N] [--dynamic] [--errors]`.
import { register } from "tsx/esm/api";

register();
const { startMock } = await import("../src/start-mock.ts");
const args = process.argv.slice(2);
const portIndex = args.indexOf("--port");
const mock = await startMock({
  port: portIndex >= 0 ? Number(args[portIndex + 1]) : undefined,
  dynamic: args.includes("--dynamic"),
  errors: args.includes("--errors"),
  onLog: (line) => console.log(line),
});
console.log(`Avala API mock listening on ${mock.url} (Ctrl-C to stop)`);
const stop = () => mock.stop().then(() => process.exit(0));
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
setInterval(() => {}, 1 << 30);
