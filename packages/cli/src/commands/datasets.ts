import type { Command } from "commander";
import type { CommandContext } from "../context.js";
import { UsageError } from "../usage-error.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * `avala datasets get <uid | owner/slug>` (upload is registered by the transfers module; the other dataset
 * commands are generated from the operation catalog).
 */
export function registerDatasets(program: Command, context: () => CommandContext): Command {
  const datasets = program.command("datasets").description("Datasets");
  datasets
    .command("get")
    .description("Show one dataset, by uid or by owner/slug")
    .argument("<dataset>", "dataset uid, or owner/slug")
    .action(async (ref: string) => {
      const { client, out } = context();
      const [owner, slug, extra] = ref.split("/");
      const dataset = UUID.test(ref)
        ? await client().GET("/datasets/{uid}/", { params: { path: { uid: ref } } })
        : owner && slug && extra === undefined
          ? await client().GET("/datasets/{owner}/{slug}/", { params: { path: { owner, slug } } })
          : undefined;
      if (!dataset) throw new UsageError(`"${ref}" is neither a dataset uid nor owner/slug.`);
      out.result(dataset, () => {
        out.line(dataset.name);
        out.table(
          ["field", "value"],
          [
            ["uid", dataset.uid],
            ["owner/slug", `${dataset.owner_name ?? "?"}/${dataset.slug}`],
            ["data type", `${dataset.data_type ?? "?"}${dataset.is_sequence ? " (sequences)" : ""}`],
            ["items", dataset.item_count],
            ["visibility", dataset.visibility],
            ["status", dataset.status],
            ["updated", dataset.updated_at],
          ],
        );
      });
    });
  return datasets;
}
