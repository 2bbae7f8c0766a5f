#!/usr/bin/env node
// The `avala` command: runs the built CLI and exits with its code.
import { run } from "../dist/main.mjs";

process.exitCode = await run(process.argv);
