import { getCalibration, getFrame } from "@avala/node";
import type { ToolEntry } from "../tool-entry.js";
import { dataResult } from "../tool-result.js";
import { operation } from "./parts.js";

const SEQUENCE = operation("get_dataset_sequence").inputSchema as {
  properties: Record<string, object>;
  required: string[];
};
const READ_ONLY = { readOnlyHint: true, destructiveHint: false, idempotentHint: true };

/** `get_sequence_frame`: one frame of a sequence (the official server's `get_frame`). */
export const sequenceFrameTool: ToolEntry = {
  mutates: false,
  secondary: true,
  toolsets: ["dataset-items"],
  definition: {
    name: "get_sequence_frame",
    title: "Get one frame of a sequence",
    description:
      "Returns one frame of a dataset sequence (its images with intrinsics, device pose, asset URLs) by index.",
    inputSchema: {
      type: "object",
      properties: {
        ...SEQUENCE.properties,
        frame_index: { type: "integer", minimum: 0, description: "Index of the frame." },
      },
      required: [...SEQUENCE.required, "frame_index"],
      additionalProperties: false,
    },
    annotations: READ_ONLY,
  },
  async run(args, { client, signal }) {
    const { owner, slug, sequence_uid, frame_index } = args as {
      owner: string;
      slug: string;
      sequence_uid: string;
      frame_index: number;
    };
    // Derived as the SDK's getFrame does; its `raw` (the frame as the API sent it) would only repeat the rest.
    const { raw: _raw, ...frame } = await getFrame(client, owner, slug, sequence_uid, frame_index, {
      signal,
    });
    return dataResult(frame, true);
  },
};

/** `get_sequence_calibration`: the camera calibration of a sequence (the official server's `get_calibration`). */
export const sequenceCalibrationTool: ToolEntry = {
  mutates: false,
  secondary: true,
  toolsets: ["dataset-items"],
  definition: {
    name: "get_sequence_calibration",
    title: "Get the camera calibration of a sequence",
    description:
      "Returns the cameras of a dataset sequence with their intrinsics (fx, fy, cx, cy, model, xi, alpha) and extrinsics (position, heading), as given on its first frame.",
    inputSchema: { ...SEQUENCE, type: "object", additionalProperties: false },
    annotations: READ_ONLY,
  },
  async run(args, { client, signal }) {
    const { owner, slug, sequence_uid } = args as { owner: string; slug: string; sequence_uid: string };
    return dataResult(await getCalibration(client, owner, slug, sequence_uid, { signal }), true);
  },
};
