import { createInterface } from "node:readline/promises";
import { Writable } from "node:stream";

/**
 * Reads one line for a secret: from a terminal with a prompt and without echo (what is typed is not shown), or
 * the first line of stdin when it is a pipe (`avala configure --api-key-stdin < key.txt`).
 */
export async function readSecret(prompt: string): Promise<string> {
  const tty = Boolean(process.stdin.isTTY);
  let muted = false;
  // The prompt goes to stderr; once it is written, the echo of the typed characters is dropped.
  const output = new Writable({
    write(chunk, _encoding, done) {
      if (!muted) process.stderr.write(chunk);
      done();
    },
  });
  const rl = createInterface({ input: process.stdin, output, terminal: tty });
  try {
    if (!tty) {
      for await (const line of rl) return line.trim();
      return "";
    }
    const answer = rl.question(prompt);
    muted = true;
    const line = await answer;
    process.stderr.write("\n");
    return line.trim();
  } finally {
    rl.close();
  }
}
