// Runs Prism as a child process and stops it as soon as the process that started us goes away.
// Our stdin is a pipe held open by that parent: the OS closes it when the parent exits for any reason,
// SIGKILL included, so Prism can never outlive a test run or a demo that was interrupted.
import { spawn } from "node:child_process";

const [prismEntry, ...prismArgs] = process.argv.slice(2);
const prism = spawn(process.execPath, [prismEntry, ...prismArgs], {
  stdio: ["ignore", "inherit", "inherit"],
});

let stopping = false;
function stop() {
  if (stopping) return;
  stopping = true;
  prism.kill("SIGTERM");
  // Prism exits at once on SIGTERM; the fallback only guards against a wedged process.
  setTimeout(() => prism.kill("SIGKILL"), 5000).unref();
}

process.stdin.on("end", stop);
process.stdin.on("close", stop);
process.stdin.on("error", stop);
process.stdin.resume();
for (const signal of ["SIGTERM", "SIGINT", "SIGHUP"]) process.on(signal, stop);
prism.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
