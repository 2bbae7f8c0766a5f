/** A target a figure is checked against. */
export interface Target {
  /** How the target reads, e.g. `≤ 1.50×`. */
  readonly text: string;
  readonly met: boolean;
}

/** How far a figure moved over the rounds of its run: the lowest and highest per-round value. */
export interface Spread {
  readonly min: number;
  readonly max: number;
}

/** One line of the results: a ratio against a baseline measured in the same run. */
export interface Figure {
  /** Benchmark title, e.g. `1 per-call overhead`. */
  readonly benchmark: string;
  /** What was measured, e.g. `ours / openapi-fetch`. */
  readonly measure: string;
  /** The figure itself: a ratio (1 = same as the baseline). */
  readonly ratio: number;
  /**
   * Shown as `1.23×` (ratio), `96.1 %` (percent, for shares and utilisation) or `+1.2 MB` (megabytes, a
   * difference from the baseline where a ratio of two small numbers would mislead).
   */
  readonly format: "ratio" | "percent" | "megabytes";
  readonly target?: Target;
  /**
   * The figure's spread over the rounds of the run (each round's own ratio), shown beside the median so a
   * reader can tell a difference from noise. Absent for figures measured once (a single walk, a size).
   */
  readonly spread?: Spread;
  /** Absolute numbers behind the ratio, for context only (they vary by machine). */
  readonly detail: string;
}

/** A benchmark: a title, how it measures (markdown, for RESULTS.md) and the run itself. */
export interface Benchmark {
  readonly title: string;
  readonly method: string;
  run(options: { smoke: boolean }): Promise<Figure[]>;
}

/** Target `value ≤ limit`. */
export function atMost(value: number, limit: number, unit = "×"): Target {
  return { text: `≤ ${formatNumber(limit)}${unit}`, met: value <= limit };
}

/** Target `value < limit`. */
export function below(value: number, limit: number, unit = "×"): Target {
  return { text: `< ${formatNumber(limit)}${unit}`, met: value < limit };
}

/** Target `value ≥ limit`, for percentages given as fractions. */
export function atLeastPercent(value: number, limit: number): Target {
  return { text: `≥ ${formatNumber(limit * 100)} %`, met: value >= limit };
}

function formatNumber(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(2);
}

function formatValue(format: Figure["format"], value: number): string {
  if (!Number.isFinite(value)) return "n/a";
  if (format === "megabytes") return `${value >= 0 ? "+" : ""}${value.toFixed(1)} MB`;
  return format === "percent" ? `${(value * 100).toFixed(1)} %` : `${value.toFixed(2)}×`;
}

/** The figure as printed: `1.23×` or `96.1 %`. */
export function formatFigure(figure: Figure): string {
  return formatValue(figure.format, figure.ratio);
}

/** The spread as printed: `0.95–1.08×`, or `–` for a figure measured once. */
export function formatSpread(figure: Figure): string {
  if (!figure.spread) return "–";
  const [low, high] = [
    formatValue(figure.format, figure.spread.min),
    formatValue(figure.format, figure.spread.max),
  ];
  const unit = figure.format === "ratio" ? "×" : figure.format === "percent" ? " %" : " MB";
  return `${low.endsWith(unit) ? low.slice(0, -unit.length) : low}–${high}`;
}

function status(figure: Figure): string {
  if (!figure.target) return "–";
  return `${figure.target.met ? "met" : "MISSED"} (${figure.target.text})`;
}

const HEADER = [
  "benchmark",
  "measure",
  "figure",
  "spread (min–max over rounds)",
  "target",
  "detail",
] as const;

function rows(figures: readonly Figure[]): string[][] {
  return figures.map((f) => [f.benchmark, f.measure, formatFigure(f), formatSpread(f), status(f), f.detail]);
}

/** A fixed-width text table for the terminal. */
export function renderText(figures: readonly Figure[]): string {
  const all = [[...HEADER], ...rows(figures)];
  const widths = HEADER.map((_, c) => Math.max(...all.map((row) => row[c]!.length)));
  const line = (row: string[]) =>
    row
      .map((cell, c) => cell.padEnd(widths[c]!))
      .join("  ")
      .trimEnd();
  return [line(all[0]!), widths.map((w) => "-".repeat(w)).join("  "), ...all.slice(1).map(line)].join("\n");
}

/** A markdown table, columns padded the way the repository's formatter (Biome) writes them. */
export function renderMarkdown(figures: readonly Figure[]): string {
  const all = [[...HEADER], ...rows(figures)].map((row) => row.map((cell) => cell.replaceAll("|", "\\|")));
  const widths = HEADER.map((_, c) => Math.max(...all.map((row) => row[c]!.length)));
  const line = (row: readonly string[]) => `| ${row.map((cell, c) => cell.padEnd(widths[c]!)).join(" | ")} |`;
  return [line(all[0]!), line(widths.map((w) => "-".repeat(w))), ...all.slice(1).map(line)].join("\n");
}
