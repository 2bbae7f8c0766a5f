// A listing that stops before the end says so, with the cursor and the command that continues it: under the
// table, or on stderr with --json (stdout stays one JSON array).
import { execFile } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { datasetName, type PagedApi, startPagedApi } from "./support/paged-api.js";
import { bin, runCli } from "./support/run-cli.js";

let api: PagedApi;
const KEY = "avk_paging_0123456789";
const env = () => ({ AVALA_API_KEY: KEY, AVALA_BASE_URL: api.baseUrl });

beforeAll(async () => {
  api = await startPagedApi({ pages: 3, perPage: 2 });
});
afterAll(() => api.close());

/** Runs a command line as printed by the CLI, in a real shell, with `avala` standing for the built bin. */
function runInShell(commandLine: string, extraEnv: Record<string, string>) {
  const script = `avala() { "${process.execPath}" "${bin}" "$@"; }\n${commandLine}`;
  return new Promise<{ code: number; stdout: string }>((resolve) => {
    execFile("bash", ["--norc", "-c", script], { env: { ...process.env, ...extraEnv } }, (error, stdout) =>
      resolve({ code: error ? Number(error.code) : 0, stdout }),
    );
  });
}

describe("a listing with more pages", () => {
  it("ends the table with the next cursor and the command that continues, which prints the next page", async () => {
    const first = await runCli(["datasets", "list", "--columns", "name"], env());
    expect(first.code).toBe(0);
    const lines = first.stdout.trimEnd().split("\n");
    expect(lines.slice(1, 3).map((l) => l.trim())).toEqual([datasetName(0), datasetName(1)]);
    expect(lines.at(-1)).toBe(
      `More results. Next page: avala datasets list --columns name --cursor 'page 2'\\''s cursor'`,
    );
    const next = lines.at(-1)!.replace(/^More results\. Next page: /, "");
    const second = await runInShell(next, env());
    expect(second.code).toBe(0);
    expect(second.stdout).toContain(datasetName(2));
    expect(second.stdout).toContain(datasetName(3));
    expect(second.stdout).not.toContain(datasetName(1));
    expect(api.queries.at(-1)?.get("cursor")).toBe(api.cursorOf(2));
  });

  it("with --json keeps stdout one array and puts the continuing command on stderr, without the key", async () => {
    const result = await runCli(["--json", "--api-key", KEY, "datasets", "list", "--limit", "2"], {
      AVALA_BASE_URL: api.baseUrl,
    });
    expect(result.code).toBe(0);
    expect((JSON.parse(result.stdout) as { name: string }[]).map((d) => d.name)).toEqual([
      datasetName(0),
      datasetName(1),
    ]);
    expect(result.stderr).toBe(
      `avala: more results. Next page: avala --json datasets list --limit 2 --cursor 'page 2'\\''s cursor'\n`,
    );
    expect(result.stderr).not.toContain(KEY);
  });

  it("replaces the --cursor it was given, and says nothing on the last page or after --all", async () => {
    const middle = await runCli(["datasets", "list", "--cursor", api.cursorOf(2)], env());
    expect(middle.stdout.trimEnd().split("\n").at(-1)).toBe(
      `More results. Next page: avala datasets list --cursor 'page 3'\\''s cursor'`,
    );
    const last = await runCli(["--json", "datasets", "list", "--cursor", api.cursorOf(3)], env());
    expect(last.code).toBe(0);
    expect(last.stderr).toBe("");
    const all = await runCli(["datasets", "list", "--all"], env());
    expect(all.stdout).toContain(datasetName(5));
    expect(all.stdout).not.toContain("More results");
  });

  it("continues a listing that --limit stopped, keeping --all and --limit in the command", async () => {
    const result = await runCli(["datasets", "list", "--all", "--limit", "3"], env());
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(datasetName(2));
    expect(result.stdout).not.toContain(datasetName(3));
    const footer = result.stdout.trimEnd().split("\n").at(-1)!;
    expect(footer).toBe(
      `More results. Next page: avala datasets list --all --limit 3 --cursor 'page 2'\\''s cursor'`,
    );
    const rest = await runInShell(footer.replace(/^More results\. Next page: /, ""), env());
    expect(rest.stdout).toContain(datasetName(5));
    expect(rest.stdout).not.toContain(datasetName(2));
  });
});
