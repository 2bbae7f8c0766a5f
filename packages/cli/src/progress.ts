import cliProgress from "cli-progress";
import type { Output } from "./output.js";

/** A byte progress bar on stderr when it is a terminal; silent otherwise (scripts, --json). */
export interface ProgressBar {
  update(value: number, total: number, label?: string): void;
  stop(): void;
}

function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ["kB", "MB", "GB", "TB"];
  let value = n / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

/** Creates a progress bar named `title` (e.g. "Uploading"). */
export function progressBar(out: Output, title: string): ProgressBar {
  if (!out.interactive) return { update() {}, stop() {} };
  const bar = new cliProgress.SingleBar(
    {
      format: `${title} [{bar}] {percentage}% | {done} / {all} | {label}`,
      stream: process.stderr,
      hideCursor: true,
      clearOnComplete: false,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  let stopped = false;
  return {
    update(value, total, label = "") {
      if (stopped) return;
      const payload = { done: bytes(value), all: bytes(total), label };
      if (!started) {
        bar.start(Math.max(total, 1), value, payload);
        started = true;
      } else {
        bar.setTotal(Math.max(total, 1));
        bar.update(value, payload);
      }
    },
    // Idempotent: a Ctrl-C stops the bar first (restoring the cursor), then the command's own cleanup stops it again.
    stop() {
      if (started && !stopped) bar.stop();
      stopped = true;
    },
  };
}
