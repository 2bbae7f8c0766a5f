#!/usr/bin/env node
// The `avala-mcp` command: runs the built server and exits with its code.
import { run } from "../dist/index.mjs";

try {
  process.exitCode = await run(process.argv);
} catch (error) {
  // One line, no stack trace: the message says what went wrong (core's errors carry no secrets).
  console.error(`avala-mcp: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
