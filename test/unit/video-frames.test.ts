// The frame list and frame selection of video jobs: pure, so every case is checked here in Node.
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/postprocess/index.js';
import { FrameTable, type PacketTiming } from '../../src/worker/video/frame-table.js';
import { selectFrames } from '../../src/worker/video/frame-selection.js';

const packet = (timestamp: number, duration = 1 / 30): PacketTiming => ({
  timestamp,
  duration,
  microsecondTimestamp: Math.round(timestamp * 1e6),
});

describe('FrameTable', () => {
  // I P B B P B B in decode order, as an encoder with 2 B-frames writes them
  const decodeOrder = [0, 3, 1, 2, 6, 4, 5].map((k) => packet(k / 30));
  const table = FrameTable.fromPackets(decodeOrder);

  it('puts frames in presentation order whatever the decode order', () => {
    expect(table.count).toBe(7);
    expect(Array.from(table.timestamps)).toEqual([0, 1, 2, 3, 4, 5, 6].map((k) => k / 30));
  });

  it('finds a decoded frame by its µs timestamp, and says -1 for a time it does not list', () => {
    expect(table.indexOf(Math.round((4 / 30) * 1e6))).toBe(4);
    expect(table.indexOf(0)).toBe(0);
    expect(table.indexOf(12345)).toBe(-1);
  });

  it('gives two frames with the same time consecutive indices instead of losing one', () => {
    const twins = FrameTable.fromPackets([packet(0), packet(0.04), packet(0.04), packet(0.08)]);
    const first = twins.indexOf(40_000);
    expect(first).toBe(1);
    expect(twins.indexOf(40_000, first)).toBe(2);
    expect(twins.indexOf(80_000, 2)).toBe(3);
  });

  it('keeps variable frame durations and knows where the video ends', () => {
    const vfr = FrameTable.fromPackets([packet(0, 0.04), packet(0.04, 0.1), packet(0.14, 0.02)]);
    expect(Array.from(vfr.durations)).toEqual([0.04, 0.1, 0.02]);
    expect(vfr.start).toBe(0);
    expect(vfr.end).toBeCloseTo(0.16, 12);
  });

  it('counts the packets from a key frame to the end in decode order', () => {
    expect(table.packetsFrom(0)).toBe(7);
    expect(table.packetsFrom(Math.round((6 / 30) * 1e6))).toBe(3); // P6 B4 B5
    expect(table.packetsFrom(999)).toBe(0);
  });

  it('crosses to the video thread as plain data (structured clone) and answers the same there', () => {
    const copy = FrameTable.fromData(structuredClone(table.data()));
    expect(copy).toBeInstanceOf(FrameTable);
    expect(Array.from(copy.timestamps)).toEqual(Array.from(table.timestamps));
    expect(Array.from(copy.durations)).toEqual(Array.from(table.durations));
    for (let k = 0; k < 7; k++) expect(copy.indexOf(Math.round((k / 30) * 1e6))).toBe(k);
    expect(copy.packetsFrom(Math.round((6 / 30) * 1e6))).toBe(3);
    expect(copy.end).toBe(table.end);
  });
});

describe('selectFrames', () => {
  const at30 = Float64Array.from({ length: 30 }, (_, k) => k / 30);
  const picked = (mask: Uint8Array) => Array.from(mask.keys()).filter((i) => mask[i]);

  it('takes every frame by default', () => {
    const s = selectFrames(at30);
    expect(s.count).toBe(30);
    expect([s.first, s.last]).toEqual([0, 29]);
  });

  it('takes every n-th frame with frameStep', () => {
    expect(picked(selectFrames(at30, { frameStep: 7 }).mask)).toEqual([0, 7, 14, 21, 28]);
  });

  it('takes the first frame of each 1/targetFps slot, even on slot boundaries', () => {
    expect(picked(selectFrames(at30, { targetFps: 10 }).mask)).toEqual([0, 3, 6, 9, 12, 15, 18, 21, 24, 27]);
    expect(selectFrames(at30, { targetFps: 60 }).count).toBe(30); // faster than the video: every frame
  });

  it('takes frames in [start, end), with the step counted from the first frame in range', () => {
    expect(picked(selectFrames(at30, { start: 0.5, end: 0.7 }).mask)).toEqual([15, 16, 17, 18, 19, 20]);
    expect(picked(selectFrames(at30, { start: 0.5, end: 0.7, frameStep: 4 }).mask)).toEqual([15, 19]);
  });

  it('thins a variable-rate video by media time, not by frame count', () => {
    const vfr = Float64Array.from([0, 0.04, 0.08, 0.12, 0.16, 0.6, 0.7, 0.8, 1.3]);
    expect(picked(selectFrames(vfr, { targetFps: 2 }).mask)).toEqual([0, 5, 8]);
  });

  it('rejects impossible options with an InputError that says what is allowed', () => {
    expect(() => selectFrames(at30, { frameStep: 0 })).toThrow(/frameStep must be a whole number >= 1/);
    expect(() => selectFrames(at30, { frameStep: 1.5 })).toThrow(InputError);
    expect(() => selectFrames(at30, { targetFps: -1 })).toThrow(/targetFps/);
    expect(() => selectFrames(at30, { frameStep: 2, targetFps: 5 })).toThrow(/not both/);
    expect(() => selectFrames(at30, { start: 0.5, end: 0.5 })).toThrow(/must be after start/);
    expect(() => selectFrames(at30, { start: 5 })).toThrow(/No frame lies in the range \[5, ∞\).*0\.000-0\.967 s/);
  });
});
