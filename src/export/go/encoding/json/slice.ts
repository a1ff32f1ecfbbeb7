// A Go []string as json.Unmarshal sees it (decode.go's array, with
// reflect's and the runtime's growth of a slice): a backing array with a length and
// a capacity. Decoding an array into a slice that already holds values (a
// duplicate key) reuses the backing array element by element, and a `null`
// element leaves the old element in place, so the bytes Go produces depend on
// the capacity the runtime chose when the slice grew. This mirrors
// reflect.Value.Grow -> runtime.growslice for 16-byte, pointerful elements.

/** Go's []string: nil is `backing === null`. */
export interface GoStringSlice {
  backing: string[] | null;
  len: number;
}

const ELEM_SIZE = 16; // sizeof(string) on 64-bit
const MAX_SMALL_SIZE = 32768;
const MALLOC_HEADER_SIZE = 8;
const MIN_SIZE_FOR_MALLOC_HEADER = 512; // goarch.PtrSize * goarch.PtrBits
const PAGE_SIZE = 8192;
// internal/runtime/gc/sizeclasses.go SizeClassToSize
const SIZE_CLASSES = [
  0, 8, 16, 24, 32, 48, 64, 80, 96, 112, 128, 144, 160, 176, 192, 208, 224, 240, 256, 288, 320, 352, 384, 416, 448, 480,
  512, 576, 640, 704, 768, 896, 1024, 1152, 1280, 1408, 1536, 1792, 2048, 2304, 2688, 3072, 3200, 3456, 4096, 4864, 5376,
  6144, 6528, 6784, 6912, 8192, 9472, 9728, 10240, 10880, 12288, 13568, 14336, 16384, 18432, 19072, 20480, 21760, 24576,
  27264, 28672, 32768,
];

/** runtime.roundupsize(size, noscan=false). */
function roundupsize(size: number): number {
  if (size <= MAX_SMALL_SIZE - MALLOC_HEADER_SIZE) {
    const req = size > MIN_SIZE_FOR_MALLOC_HEADER ? size + MALLOC_HEADER_SIZE : size;
    const cls = SIZE_CLASSES.find((c) => c >= req)!;
    return cls - (req - size);
  }
  return Math.ceil(size / PAGE_SIZE) * PAGE_SIZE;
}

/** runtime.nextslicecap. */
function nextslicecap(newLen: number, oldCap: number): number {
  let newcap = oldCap;
  const doublecap = newcap + newcap;
  if (newLen > doublecap) return newLen;
  const threshold = 256;
  if (oldCap < threshold) return doublecap;
  while (newcap < newLen) newcap += (newcap + 3 * threshold) >> 2;
  return newcap;
}

/**
 * reflect.Value.Grow(1) on a full slice: the whole old backing array (up to
 * its capacity, not just its length) is copied, the rest is zero.
 */
function grow(s: GoStringSlice): void {
  const old = s.backing;
  const oldCap = old === null ? 0 : old.length;
  const newcap = Math.floor(roundupsize(nextslicecap(oldCap + 1, oldCap) * ELEM_SIZE) / ELEM_SIZE);
  // Allocated at its final size: copying and pushing made two arrays, the
  // second with room for 16 more elements, for every one-element slice.
  const next = new Array<string>(newcap);
  for (let k = 0; k < newcap; k++) next[k] = k < oldCap ? old![k]! : '';
  s.backing = next;
}

/** Makes index i addressable, as decode.go's array() does before decoding it. */
export function extendTo(s: GoStringSlice, i: number): void {
  if (s.backing === null || i >= s.backing.length) grow(s);
  if (i >= s.len) s.len = i + 1;
}

/** End of array() after n elements: truncate, or a fresh empty slice for []. */
export function finish(s: GoStringSlice, n: number): void {
  if (n < s.len) s.len = n;
  if (n === 0) {
    s.backing = [];
    s.len = 0;
  }
}

/**
 * The slice's elements as an array. A full backing array is the array
 * itself: only its slice holds it (grow copies), and the slice is dropped.
 */
export function toArray(s: GoStringSlice): string[] | null {
  if (s.backing === null) return null;
  return s.len === s.backing.length ? s.backing : s.backing.slice(0, s.len);
}
