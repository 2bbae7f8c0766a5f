import { type ReactNode, useState } from "react";
import type { Dataset } from "./api-types.js";
import { DatasetDetail } from "./components/dataset-detail.js";
import { DatasetList } from "./components/dataset-list.js";

/** Two screens: the dataset list (infinite scroll) and one dataset (its items and exports). */
export function App(): ReactNode {
  const [selected, setSelected] = useState<Dataset | null>(null);
  return (
    <main>
      <h1>Avala datasets</h1>
      {selected ? (
        <DatasetDetail uid={selected.uid} onBack={() => setSelected(null)} />
      ) : (
        <DatasetList onOpen={setSelected} />
      )}
    </main>
  );
}
