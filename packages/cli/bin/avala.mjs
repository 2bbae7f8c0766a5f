#!/usr/bin/env node
// The `avala` command: runs the built CLI and exits with its code.
import { run } from "../dist/main.mjs";

// A reader that stops early (`avala datasets list --all | head -1`) closes the pipe: end quietly with 0, as Unix
// tools do, instead of failing on the next write. Nothing is left to say to a closed stdout.
process.stdout.on("error", (error) => {
  if (error.code === "EPIPE") process.exit(0);
  throw error;
});

const code = await run(process.argv);
// After Ctrl-C the transfer has cleaned up; exit now rather than wait for sockets the abort left closing.
if (code === 130) process.exit(code);
process.exitCode = code;
