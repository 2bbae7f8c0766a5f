#!/usr/bin/env node
// The `avala-mcp` command: runs the built server and exits with its code.
import { run } from "../dist/index.mjs";

process.exitCode = await run(process.argv);
