import type { ToolEntry } from "../tool-entry.js";
import { dataResult, errorText } from "../tool-result.js";
import { call, operation, pick } from "./parts.js";

const SEQUENCE = operation("get_dataset_sequence").inputSchema as {
  properties: Record<string, object>;
  required: string[];
};
const READ_ONLY = { readOnlyHint: true, destructiveHint: false, idempotentHint: true };
const CAMERA = [
  "camera",
  "camera_id",
  "sensor_id",
  "width",
  "height",
  "fx",
  "fy",
  "cx",
  "cy",
  "model",
  "camera_model",
  "xi",
  "alpha",
  "position",
  "heading",
];

type Frame = Record<string, unknown> & { frame_index?: number; images?: Record<string, unknown>[] | null };

/** The sequence's frames (an empty list when it has none). */
async function framesOf(args: Record<string, unknown>, context: Parameters<ToolEntry["run"]>[1]) {
  const { owner, slug, sequence_uid } = args;
  const sequence = (await call(
    context.client,
    "get_dataset_sequence",
    { owner, slug, sequence_uid },
    context.signal,
  )) as {
    frames?: Frame[] | null;
  };
  return sequence.frames ?? [];
}

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
  async run(args, context) {
    const frames = await framesOf(args, context);
    const index = args.frame_index as number;
    const frame =
      frames.find((f) => f.frame_index === index) ??
      (frames.every((f) => f.frame_index === undefined) ? frames[index] : undefined);
    if (!frame)
      return errorText(`/frame_index: the sequence has no frame ${index} (it has ${frames.length} frames).`);
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
      "Returns the cameras of a dataset sequence with their intrinsics (fx, fy, cx, cy, model) and extrinsics, as given on its first frame.",
    inputSchema: { ...SEQUENCE, type: "object", additionalProperties: false },
    annotations: READ_ONLY,
  },
  async run(args, context) {
    const frames = await framesOf(args, context);
    const first = frames[0];
    return dataResult(
      {
        frame_count: frames.length,
        cameras: (first?.images ?? []).map((image) => pick(image, CAMERA)),
        device_pose: first ? pick(first, ["device_position", "device_heading"]) : null,
      },
      true,
    );
  },
};
