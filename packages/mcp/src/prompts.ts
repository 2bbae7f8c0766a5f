import { type GetPromptResult, McpError, type Prompt } from "@modelcontextprotocol/sdk/types.js";

interface PromptDefinition extends Prompt {
  render(args: Record<string, string>): string;
}

/** Prompts for the tasks assistants are asked most, written against this server's tools and resources. */
const PROMPTS: PromptDefinition[] = [
  {
    name: "summarize_dataset",
    title: "Summarise a dataset",
    description: "Summarise a dataset: size, data type, ingest health and annotation issues.",
    arguments: [{ name: "uid", description: "UID of the dataset.", required: true }],
    render: ({ uid }) =>
      `Summarise the Avala dataset ${uid}. Read the resource avala://datasets/${uid}/summary (or call get_dataset), ` +
      "then report its size, data type and status, whether ingest is healthy and which sequences lack " +
      "calibration, and the annotation issue metrics (get_annotation_issue_metrics with its owner and slug). " +
      "End with what needs attention first.",
  },
  {
    name: "review_project_quality",
    title: "Review a project's quality",
    description:
      "Review a project's progress, agreement and quality targets, and suggest what to do about breaches.",
    arguments: [{ name: "project_uid", description: "UID of the project.", required: true }],
    render: ({ project_uid }) =>
      `Review the quality of the Avala project ${project_uid}. Call get_project_quality_summary with ` +
      `project_uid "${project_uid}", then explain progress (completed vs total tasks, acceptance rate), ` +
      "consensus (mean and spread of agreement scores), and each breached quality target with its last value " +
      "against its threshold. Suggest concrete next steps; do not change anything.",
  },
  {
    name: "check_fleet_health",
    title: "Check fleet health",
    description: "Triage the fleet: offline or silent devices, open alerts by severity, failed recordings.",
    arguments: [
      { name: "device_type", description: "Only devices of this type (optional).", required: false },
    ],
    render: ({ device_type }) =>
      `Check the health of the Avala fleet${device_type ? ` (devices of type ${device_type})` : ""}. Call ` +
      `get_fleet_health${device_type ? ` with device_type "${device_type}"` : ""}, then list critical and error ` +
      "alerts first, devices offline or not seen for 24 hours, and recordings in error, each with its uid. " +
      "If a part is reported under errors (e.g. 403: fleet not on this plan), say so instead of guessing.",
  },
];

/** The prompts `prompts/list` returns. */
export const promptList = (): Prompt[] => PROMPTS.map(({ render: _render, ...prompt }) => prompt);

/** Renders a prompt; an unknown name or a missing required argument fails with InvalidParams (-32602). */
export function getPrompt(name: string, args: Record<string, string> = {}): GetPromptResult {
  const prompt = PROMPTS.find((p) => p.name === name);
  if (!prompt) {
    throw new McpError(
      -32602,
      `Unknown prompt ${JSON.stringify(name)}; prompts: ${PROMPTS.map((p) => p.name).join(", ")}.`,
    );
  }
  const missing = (prompt.arguments ?? []).filter((a) => a.required && !args[a.name]?.trim());
  if (missing.length > 0) {
    throw new McpError(-32602, `Prompt ${name} needs the argument ${missing.map((a) => a.name).join(", ")}.`);
  }
  return {
    description: prompt.description,
    messages: [{ role: "user", content: { type: "text", text: prompt.render(args) } }],
  };
}
