import type { AvalaClient } from "@avala/core";

/** Where the quickstart writes its lines. */
export type Print = (line: string) => void;

/** What the quickstart did, for tests and callers. */
export interface QuickstartResult {
  datasets: number;
  datasetUid: string;
  exportUid: string;
  exportStatus: string | null;
}

/**
 * The quickstart: list datasets through the pagination iterator, fetch the first one, create an export of it.
 */
export async function runQuickstart(avala: AvalaClient, print: Print): Promise<QuickstartResult> {
  print("Datasets:");
  let count = 0;
  let firstUid: string | undefined;
  for await (const dataset of avala.paginate("/datasets/", {
    params: { query: { limit: 20 } },
    maxItems: 20,
  })) {
    count++;
    firstUid ??= dataset.uid;
    print(
      `  ${dataset.name.padEnd(28)} ${String(dataset.data_type ?? "-").padEnd(8)} ${String(dataset.item_count).padStart(7)} items  ${dataset.uid}`,
    );
  }
  if (!firstUid)
    throw new Error("No datasets are visible to this API key; create one in Mission Control first.");

  const dataset = await avala.GET("/datasets/{uid}/", { params: { path: { uid: firstUid } } });
  print("");
  print(`Dataset ${dataset.name}`);
  print(`  uid:        ${dataset.uid}`);
  print(`  owner/slug: ${dataset.owner_name ?? "?"}/${dataset.slug}`);
  print(`  type:       ${dataset.data_type ?? "?"}${dataset.is_sequence ? " (sequences)" : ""}`);
  print(`  items:      ${dataset.item_count}`);
  print(`  status:     ${dataset.status ?? "?"}`);

  const created = await avala.POST("/exports/", {
    body: {
      name: `${dataset.name} – quickstart export`,
      format: "avala-json-external",
      datasets: [dataset.uid],
    },
  });
  print("");
  print(`Export created: ${created.uid}`);
  print(`  status:     ${created.status ?? "?"}`);
  print(`  download:   ${created.download_url ?? "(not ready yet — poll GET /exports/{uid}/)"}`);
  return {
    datasets: count,
    datasetUid: dataset.uid,
    exportUid: created.uid,
    exportStatus: created.status ?? null,
  };
}
