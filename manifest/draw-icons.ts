/*
 * Draws the two icons a Teams app package needs, so they can be regenerated rather than hand-edited:
 *   manifest/teams/color.png    192×192, a white globe on a rounded square in the accent colour
 *   manifest/teams/outline.png  32×32, the same globe in white on transparent (Teams tints it)
 * Run once after a change (`npx tsx manifest/draw-icons.ts`) and commit the PNGs; packaging only
 * copies them. The output is deterministic, so re-running without changes leaves git clean.
 */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { PNG } from "pngjs";

/** The manifest's accentColor (#1F4E8C), so the icon and Teams' tile background agree. */
const ACCENT = [0x1f, 0x4e, 0x8c] as const;
const WHITE = [0xff, 0xff, 0xff] as const;
/** Samples per pixel side: 4×4 coverage samples give smooth (anti-aliased) edges. */
const SUPERSAMPLE = 4;

/** Whether a point (in a unit square, centre 0.5, 0.5) is inside a shape. */
type Shape = (x: number, y: number) => boolean;

/**
 * A globe: rim, equator and a meridian ellipse; `detailed` adds two parallels and the central
 * meridian, which blur together at 32 pixels.
 */
function globe(radius: number, stroke: number, detailed: boolean): Shape {
  const half = stroke / 2;
  const inside = (dx: number, dy: number) => Math.hypot(dx, dy) <= radius + half;
  const ring = (dx: number, dy: number, rx: number, ry: number) => {
    // Distance to an ellipse, approximated by scaling the radial distance back to the rim: close
    // enough for strokes a few pixels wide.
    const scaled = Math.hypot(dx / rx, dy / ry);
    return Math.abs(scaled - 1) * Math.min(rx, ry) <= half;
  };
  return (x, y) => {
    const dx = x - 0.5;
    const dy = y - 0.5;
    if (!inside(dx, dy)) return false;
    const parallel = radius * 0.5;
    return (
      ring(dx, dy, radius, radius) ||
      Math.abs(dy) <= half ||
      ring(dx, dy, radius * 0.5, radius) ||
      (detailed && (Math.abs(Math.abs(dy) - parallel) <= half || Math.abs(dx) <= half))
    );
  };
}

function roundedSquare(cornerRadius: number): Shape {
  return (x, y) => {
    const cx = Math.min(Math.max(x, cornerRadius), 1 - cornerRadius);
    const cy = Math.min(Math.max(y, cornerRadius), 1 - cornerRadius);
    return Math.hypot(x - cx, y - cy) <= cornerRadius;
  };
}

/** Fraction of a pixel's samples inside the shape. */
function coverage(shape: Shape, px: number, py: number, size: number): number {
  let hits = 0;
  for (let sy = 0; sy < SUPERSAMPLE; sy++) {
    for (let sx = 0; sx < SUPERSAMPLE; sx++) {
      if (shape((px + (sx + 0.5) / SUPERSAMPLE) / size, (py + (sy + 0.5) / SUPERSAMPLE) / size)) hits++;
    }
  }
  return hits / SUPERSAMPLE ** 2;
}

/** Paints each pixel from its coverage by the background and by the glyph (each 0–1) as RGBA. */
function render(
  size: number,
  background: Shape,
  glyph: Shape,
  paint: (background: number, glyph: number) => number[],
): PNG {
  const png = new PNG({ width: size, height: size });
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const rgba = paint(coverage(background, px, py, size), coverage(glyph, px, py, size));
      png.data.set(rgba, (py * size + px) * 4);
    }
  }
  return png;
}

const mix = (from: number, to: number, amount: number) => Math.round(from + (to - from) * amount);

/** Full colour: the accent square, the globe blended over it in white; corners transparent. */
export function drawColorIcon(): PNG {
  return render(192, roundedSquare(0.18), globe(0.3, 0.045, true), (background, glyph) => [
    ...ACCENT.map((channel, i) => mix(channel, WHITE[i]!, glyph)),
    Math.round(255 * Math.max(background, glyph)),
  ]);
}

/** Outline: white only, the globe's coverage as alpha. Transparent pixels are white too, at alpha 0. */
export function drawOutlineIcon(): PNG {
  return render(
    32,
    () => false,
    globe(0.44, 0.075, false),
    (_, glyph) => [...WHITE, Math.round(255 * glyph)],
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const folder = new URL("./teams/", import.meta.url);
  writeFileSync(new URL("color.png", folder), PNG.sync.write(drawColorIcon()));
  writeFileSync(new URL("outline.png", folder), PNG.sync.write(drawOutlineIcon()));
  console.log("wrote manifest/teams/color.png and manifest/teams/outline.png");
}
