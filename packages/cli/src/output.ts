import Table from "cli-table3";

/** Where and how a command writes its results. */
export interface Output {
  json: boolean;
  verbose: boolean;
  /** Writes a value as JSON (with `--json`) or runs `human` to print it for people. */
  result(value: unknown, human: () => void): void;
  /** A line for people on stdout (suppressed with --json). */
  line(text: string): void;
  /** A table of rows for people. */
  table(head: string[], rows: (string | number | null | undefined)[][]): void;
  /** Whether progress bars may be drawn (a TTY on stderr, not --json). */
  interactive: boolean;
}

/** Creates the output helper for the global options. */
export function createOutput(options: { json?: boolean; verbose?: boolean }): Output {
  const json = Boolean(options.json);
  return {
    json,
    verbose: Boolean(options.verbose),
    interactive: !json && Boolean(process.stderr.isTTY),
    result(value, human) {
      if (json) process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
      else human();
    },
    line(text) {
      if (!json) process.stdout.write(`${text}\n`);
    },
    table(head, rows) {
      const table = new Table({ head, style: { head: [], border: [] } });
      for (const row of rows)
        table.push(row.map((cell) => (cell === null || cell === undefined ? "–" : String(cell))));
      process.stdout.write(`${table.toString()}\n`);
    },
  };
}
