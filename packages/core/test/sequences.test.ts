// Frames and calibration of a sequence, derived client-side from `GET /datasets/{owner}/{slug}/sequences/{uid}/`:
// against the Prism mock (the spec's example sequence) and on hand-built sequences for the fallbacks.
import type { DatasetSequence } from "@avala/types";
import { describe, expect, inject, it } from "vitest";
import type {} from "../../testing/dist/vitest-global-setup.mjs";
import { createClient, InvalidRequestError } from "../src/index.js";
import { calibrationOf, frameOf, getCalibration, getFrame } from "../src/sequences/index.js";
import { transportUnderTest } from "./support/transport-under-test.js";

const avala = createClient({
  apiKey: "avk_sequences_0123456789abcdef",
  baseUrl: inject("avalaMockUrl"),
  transport: transportUnderTest(),
  maxRetries: 0,
});
const SEQ = "e5f6a7b8-9c0d-4e1f-a2b3-c4d5e6f7a8b9";

describe("getFrame / getCalibration against the mock", () => {
  it("derives frame 0 of the spec's example sequence, with its pose and camera image", async () => {
    const frame = await getFrame(avala, "acme-robotics", "highway-lidar-2026", SEQ, 0);
    expect(frame).toMatchObject({
      frame_index: 0,
      key: "drive-0001/frame_000042.pcd",
      device_position: { x: 412.37, y: -88.05, z: 1.92 },
      device_heading: { x: 0, y: 0, z: 0.3826834, w: 0.9238795 },
    });
    expect(frame.images).toEqual([
      expect.objectContaining({
        camera_id: "cam_front",
        width: 1920,
        height: 1080,
        fx: 1266.42,
        model: "pinhole",
        camera_model: "pinhole",
        position: { x: 1.52, y: 0, z: 1.61 },
      }),
    ]);
    expect(frame.raw.frame_index).toBe(42);
  });

  it("derives the calibration: one camera per image of frame 0", async () => {
    const calibration = await getCalibration(avala, "acme-robotics", "highway-lidar-2026", SEQ);
    expect(calibration.sequence_uid).toBe(SEQ);
    expect(calibration.cameras).toEqual([
      {
        camera_id: "cam_front",
        position: { x: 1.52, y: 0, z: 1.61 },
        heading: { x: -0.5, y: 0.5, z: -0.5, w: 0.5 },
        width: 1920,
        height: 1080,
        fx: 1266.42,
        fy: 1266.42,
        cx: 960,
        cy: 540,
        model: "pinhole",
        xi: null,
        alpha: null,
      },
    ]);
  });

  it("rejects a frame past the end with InvalidRequestError naming the range", async () => {
    const error = await getFrame(avala, "acme-robotics", "highway-lidar-2026", SEQ, 1).catch((e) => e);
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect(error.message).toBe(
      `Frame 1 does not exist in sequence ${SEQ}: it has 1 frame(s), indexed 0 to 0.`,
    );
  });

  it("refuses a negative or fractional index and an empty owner before sending anything", async () => {
    let sent = 0;
    const off = avala.on("request", () => sent++);
    await expect(getFrame(avala, "acme", "s", SEQ, -1)).rejects.toThrow(/integer >= 0 \(got -1\)/);
    await expect(getFrame(avala, "acme", "s", SEQ, 1.5)).rejects.toThrow(InvalidRequestError);
    await expect(getCalibration(avala, "", "s", SEQ)).rejects.toThrow(/owner must be a non-empty string/);
    off();
    expect(sent).toBe(0);
  });
});

describe("frameOf / calibrationOf", () => {
  const sequence = {
    uid: SEQ,
    frames: [
      {
        frame_index: 0,
        camera_model: "doublesphere",
        xi: -0.2,
        alpha: 0.57,
        device_position: { x: 1, y: 2 }, // incomplete: not a Vec3
        images: [
          { camera_id: "left", sensor_id: "s-1", fx: 300 },
          { sensor_id: "s-2", model: "pinhole", xi: 0.1 },
        ],
      },
      { image_urls: ["https://cdn.example.com/0.png"], asset_url: "https://cdn.example.com/0.pcd" },
    ],
  } as unknown as DatasetSequence;

  it("falls back to the frame's model, xi and alpha, and picks camera, camera_id, sensor_id in that order", () => {
    expect(calibrationOf(sequence).cameras.map((c) => [c.camera_id, c.model, c.xi, c.alpha])).toEqual([
      ["left", "doublesphere", -0.2, 0.57],
      ["s-2", "pinhole", 0.1, 0.57],
    ]);
  });

  it("keeps a flat frame's fields in raw and drops malformed poses", () => {
    expect(frameOf(sequence, 0).device_position).toBeNull();
    expect(frameOf(sequence, 0).model).toBe("doublesphere");
    const flat = frameOf(sequence, 1);
    expect(flat.images).toEqual([]);
    expect(flat.raw.image_urls).toEqual(["https://cdn.example.com/0.png"]);
  });

  it("a sequence without frames has no cameras and no frame 0", () => {
    const empty = { uid: SEQ, frames: null } as DatasetSequence;
    expect(calibrationOf(empty)).toEqual({
      sequence_uid: SEQ,
      cameras: [],
      dataset_level_camera_calibration: null,
    });
    expect(() => frameOf(empty, 0)).toThrow(`Frame 0 does not exist in sequence ${SEQ}: it has no frames.`);
  });
});
