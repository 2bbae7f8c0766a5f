import Table from "cli-table3";

/** Output options shared by every command (global flags). */
export interface OutputOptions {
  json?: boolean;
  verbose?: boolean;
  /** `--fields a,b`: only these fields, in JSON and in tables. */
  fields?: string;
  /** `--columns a,b`: the columns of a table (default: the resource's usual ones). */
  columns?: string;
}

type Row = Record<string, unknown>;

/** Where and how a command writes its results. */
export interface Output {
  json: boolean;
  verbose: boolean;
  /** Writes a value as JSON (with `--json`, `--fields` applied) or runs `human` to print it for people. */
  result(value: unknown, human: () => void): void;
  /** A line for people on stdout (suppressed with --json). */
  line(text: string): void;
  /** A table of rows for people. */
  table(head: string[], rows: (string | number | null | undefined)[][]): void;
  /** One object: JSON, or a field/value table (`--fields` chooses the fields). */
  record(value: unknown): void;
  /**
   * A list arriving page by page, written as each page arrives (never collected): a JSON array, or table rows
   * under one header with `defaultColumns` unless `--columns`/`--fields` say otherwise. Returns the item count.
   */
  list(pages: AsyncIterable<readonly unknown[]>, defaultColumns: readonly string[]): Promise<number>;
  /**
   * Says that a listing stopped before its end and gives the command that continues it: under the table, or on
   * stderr with --json (stdout stays one JSON array).
   */
  more(command: string): void;
  /** Whether progress bars may be drawn (a TTY on stderr, not --json). */
  interactive: boolean;
}

const split = (list: string | undefined) =>
  list
    ?.split(",")
    .map((s) => s.trim())
    .filter(Boolean);

/** A table cell: nested values as compact JSON, missing ones as a dash. */
function cell(value: unknown): string {
  if (value === null || value === undefined) return "–";
  if (typeof value === "object") {
    const text = JSON.stringify(value);
    return text.length > 60 ? `${text.slice(0, 59)}…` : text;
  }
  return String(value);
}

function pick(value: unknown, fields: string[] | undefined): unknown {
  if (!fields || typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) return value.map((item) => pick(item, fields));
  return Object.fromEntries(fields.map((f) => [f, (value as Row)[f]]));
}

/** Borderless, so rows printed page by page line up under the header printed with the first page. */
const PLAIN = {
  chars: {
    top: "",
    "top-mid": "",
    "top-left": "",
    "top-right": "",
    bottom: "",
    "bottom-mid": "",
    "bottom-left": "",
    "bottom-right": "",
    left: "",
    "left-mid": "",
    mid: "",
    "mid-mid": "",
    right: "",
    "right-mid": "",
    middle: "  ",
  },
  style: { head: [], border: [], "padding-left": 0, "padding-right": 0 },
};

/** Creates the output helper for the global options. */
export function createOutput(options: OutputOptions): Output {
  const json = Boolean(options.json);
  const fields = split(options.fields);
  const columns = split(options.columns) ?? fields;
  const write = (text: string) => process.stdout.write(text);
  return {
    json,
    verbose: Boolean(options.verbose),
    interactive: !json && Boolean(process.stderr.isTTY),
    result(value, human) {
      if (json) write(`${JSON.stringify(pick(value, fields), null, 2)}\n`);
      else human();
    },
    line(text) {
      if (!json) write(`${text}\n`);
    },
    table(head, rows) {
      const table = new Table({ head, style: { head: [], border: [] } });
      for (const row of rows) table.push(row.map(cell));
      write(`${table.toString()}\n`);
    },
    record(value) {
      if (json || typeof value !== "object" || value === null || Array.isArray(value)) {
        write(`${JSON.stringify(pick(value, fields), null, 2)}\n`);
        return;
      }
      const entries = fields
        ? fields.map((f) => [f, (value as Row)[f]] as const)
        : Object.entries(value as Row);
      const table = new Table(PLAIN);
      for (const [k, v] of entries) table.push([k, cell(v)]);
      write(`${table.toString()}\n`);
    },
    async list(pages, defaultColumns) {
      let count = 0;
      let widths: number[] | undefined;
      const head = columns ?? [...defaultColumns];
      for await (const page of pages) {
        if (json) {
          for (const item of page) {
            const text = JSON.stringify(pick(item, fields), null, 2).replace(/\n/g, "\n  ");
            write(`${count === 0 ? "[\n  " : ",\n  "}${text}`);
            count++;
          }
          continue;
        }
        const rows = page.map((item) => head.map((c) => cell((item as Row)[c])));
        // The first page fixes the column widths (later rows are padded to them), so nothing waits for the end.
        widths ??= head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
        const table = new Table({ ...PLAIN, colWidths: widths.map((w) => w + 2) });
        if (count === 0) table.push(head);
        for (const row of rows) table.push(row);
        if (table.length > 0) write(`${table.toString()}\n`);
        count += page.length;
      }
      if (json) write(count === 0 ? "[]\n" : "\n]\n");
      else if (count === 0) write("(none)\n");
      return count;
    },
    more(command) {
      if (json) process.stderr.write(`avala: more results. Next page: ${command}\n`);
      else write(`More results. Next page: ${command}\n`);
    },
  };
}
