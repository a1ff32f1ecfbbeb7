// Just enough of PNG (8-bit RGB or RGBA, not interlaced: what Chromium's
// --screenshot writes) to ask what color the pixels of a screenshot are.
import zlib from 'node:zlib';

export interface Image {
  width: number;
  height: number;
  /** RGB of pixel (x, y). */
  rgb(x: number, y: number): [number, number, number];
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

export function decodePng(png: Buffer): Image {
  if (!png.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) throw new Error('not a PNG');
  let width = 0;
  let height = 0;
  let channels = 0;
  const idat: Buffer[] = [];
  for (let at = 8; at < png.length; ) {
    const len = png.readUInt32BE(at);
    const type = png.toString('latin1', at + 4, at + 8);
    const data = png.subarray(at + 8, at + 8 + len);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      const depth = data[8];
      const color = data[9];
      if (depth !== 8 || (color !== 2 && color !== 6) || data[12] !== 0) throw new Error(`unsupported PNG (depth ${depth}, color type ${color}, interlace ${data[12]})`);
      channels = color === 6 ? 4 : 3;
    } else if (type === 'IDAT') idat.push(data);
    at += 12 + len;
  }
  const raw = zlib.inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const px = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const src = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let i = 0; i < stride; i++) {
      const a = i >= channels ? (px[y * stride + i - channels] as number) : 0;
      const b = y > 0 ? (px[(y - 1) * stride + i] as number) : 0;
      const c = y > 0 && i >= channels ? (px[(y - 1) * stride + i - channels] as number) : 0;
      const x = src[i] as number;
      const pred = filter === 0 ? 0 : filter === 1 ? a : filter === 2 ? b : filter === 3 ? (a + b) >> 1 : paeth(a, b, c);
      px[y * stride + i] = (x + pred) & 0xff;
    }
  }
  return {
    width,
    height,
    rgb: (x, y) => {
      const o = y * stride + x * channels;
      return [px[o] as number, px[o + 1] as number, px[o + 2] as number];
    },
  };
}

/** How many pixels of the region are within tolerance of the color. */
export function countColor(img: Image, color: [number, number, number], region = { x: 0, y: 0, w: img.width, h: img.height }, tolerance = 8): number {
  let n = 0;
  for (let y = region.y; y < Math.min(img.height, region.y + region.h); y++) {
    for (let x = region.x; x < Math.min(img.width, region.x + region.w); x++) {
      const [r, g, b] = img.rgb(x, y);
      if (Math.abs(r - color[0]) <= tolerance && Math.abs(g - color[1]) <= tolerance && Math.abs(b - color[2]) <= tolerance) n++;
    }
  }
  return n;
}
