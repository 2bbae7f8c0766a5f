#!/usr/bin/env node
// The `avala` command: runs the built CLI and exits with its code.
import { run } from "../dist/main.mjs";

const code = await run(process.argv);
// After Ctrl-C the transfer has cleaned up; exit now rather than wait for sockets the abort left closing.
if (code === 130) process.exit(code);
process.exitCode = code;
