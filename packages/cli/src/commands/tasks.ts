import type { Command } from "commander";
import type { CommandContext } from "../context.js";
import { pageOrAll } from "./pagination.js";

/** `avala tasks list`. */
export function registerTasks(program: Command, context: () => CommandContext): void {
  const tasks = program.command("tasks").description("Annotation tasks");
  tasks
    .command("list")
    .description("List tasks")
    .option("--project <uid>", "only tasks of this project")
    .option("--status <status>", "only tasks in this status (pending, completed)")
    .option("--limit <n>", "page size", Number)
    .option("--all", "follow every page")
    .action(
      async (opts: { project?: string; status?: "pending" | "completed"; limit?: number; all?: boolean }) => {
        const { client, out } = context();
        const query = { project: opts.project, status: opts.status, limit: opts.limit };
        const items = await pageOrAll(client().paginate("/tasks/", { params: { query } }), opts.all);
        out.result(items, () =>
          out.table(
            ["uid", "name", "type", "status", "project"],
            items.map((t) => [t.uid, t.name, t.type, t.status, t.project]),
          ),
        );
      },
    );
}
