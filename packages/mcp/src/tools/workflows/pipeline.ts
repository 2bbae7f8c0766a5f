import type { ToolEntry } from "../tool-entry.js";
import { dataResult, errorResult } from "../tool-result.js";
import { call, operation, partError, pick } from "./parts.js";

const datasetBody = operation("create_dataset").inputSchema.properties as Record<
  string,
  { properties: Record<string, object> }
>;
const DATASET = datasetBody.body!.properties;

/**
 * `create_annotation_pipeline`: the API-pipeline guide's first steps in one call: create the dataset, then,
 * given a template project, clone it onto the dataset. Each step is reported; a failed second step leaves the
 * dataset created (nothing is rolled back: deleting data is not this tool's call) and says so.
 */
export const annotationPipelineTool: ToolEntry = {
  mutates: true,
  toolsets: ["datasets", "projects"],
  definition: {
    name: "create_annotation_pipeline",
    title: "Create an annotation pipeline",
    description:
      "Creates a dataset and, with project_uid (a template project), a project cloned from it onto the new " +
      "dataset (PRO/ENTERPRISE plans). Reports each step; if the project step fails the dataset stays " +
      "created. Next: upload items, then approve_project to start the work.",
    inputSchema: {
      type: "object",
      properties: {
        name: DATASET.name!,
        slug: DATASET.slug!,
        data_type: DATASET.data_type!,
        project_uid: {
          type: "string",
          format: "uuid",
          description: "Template project to clone onto the dataset.",
        },
      },
      required: ["name", "slug", "data_type"],
      additionalProperties: false,
    },
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false },
  },
  async run(args, { client, signal }) {
    const { name, slug, data_type, project_uid } = args as Record<string, string | undefined>;
    let dataset: Record<string, unknown>;
    try {
      dataset = (await call(client, "create_dataset", { body: { name, slug, data_type } }, signal)) as Record<
        string,
        unknown
      >;
    } catch (error) {
      return errorResult(error); // nothing was created
    }
    const created = pick(dataset, ["uid", "name", "slug", "owner_name", "data_type", "status"]);
    if (!project_uid) return dataResult({ dataset: created, project: null }, true);
    try {
      const project = await call(
        client,
        "create_project_from_existing",
        { body: { project_uid, dataset_uid: dataset.uid, name } },
        signal,
      );
      return dataResult(
        { dataset: created, project: pick(project, ["uid", "name", "status", "task_type"]) },
        true,
      );
    } catch (error) {
      return dataResult(
        {
          dataset: created,
          project: null,
          errors: {
            project: {
              ...partError(error),
              note: "The dataset was created and is kept; create the project later with create_project_from_existing.",
            },
          },
        },
        true,
      );
    }
  },
};
