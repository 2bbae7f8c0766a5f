import type { Command } from "commander";
import type { CommandContext } from "../context.js";
import type { ExportFollowUp } from "./exports.js";

/** `avala datasets upload` — wired to the uploads module. */
export function registerUpload(datasets: Command, _context: () => CommandContext): void {
  datasets.command("upload").description("Upload files or directories to a dataset").argument("<dataset>").argument("<paths...>");
}

/** `--wait` and `--download` of `avala exports create`, wired to the exports module. */
export const exportFollowUp: ExportFollowUp = {
  async wait() {
    throw new Error("not wired yet");
  },
  async download() {
    throw new Error("not wired yet");
  },
};
