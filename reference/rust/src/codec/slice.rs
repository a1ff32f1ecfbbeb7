//! A Go slice of strings, as encoding/json fills it.
//!
//! Decoding a JSON array into a Go slice reuses the slice's backing array: it
//! resets the length, writes element i in place, and only grows (with
//! `reflect.Value.Grow`, i.e. runtime `growslice`) when i reaches the
//! capacity. A JSON `null` element leaves the old element in place. So with
//! duplicate keys, `{"a":["x","y","z"],"a":["q"],"a":[null,null,null]}` gives
//! `["q","y","z"]`: the elements past the length are still there.
//!
//! Growth only happens when the index reaches the capacity, when every
//! element ever written lies below it and is copied, so the capacity itself
//! cannot be observed; only `null` (nil) and `[]` (a new empty slice) drop
//! the backing array. The capacity still follows Go's rule (runtime
//! `growslice` for 16-byte string headers, which contain pointers), so the
//! model stays literal.

/// Size of a Go string header, the element of `[]string`.
const ELEM_SIZE: usize = 16;
/// runtime/malloc: objects above this size get an 8-byte malloc header when
/// they contain pointers.
const MIN_SIZE_FOR_MALLOC_HEADER: usize = 512;
const MALLOC_HEADER_SIZE: usize = 8;
const MAX_SMALL_SIZE: usize = 32768;
const PAGE_SIZE: usize = 8192;
/// internal/runtime/gc/sizeclasses.go, Go 1.26.
const SIZE_CLASSES: [usize; 68] = [
    0, 8, 16, 24, 32, 48, 64, 80, 96, 112, 128, 144, 160, 176, 192, 208, 224, 240, 256, 288, 320,
    352, 384, 416, 448, 480, 512, 576, 640, 704, 768, 896, 1024, 1152, 1280, 1408, 1536, 1792,
    2048, 2304, 2688, 3072, 3200, 3456, 4096, 4864, 5376, 6144, 6528, 6784, 6912, 8192, 9472, 9728,
    10240, 10880, 12288, 13568, 14336, 16384, 18432, 19072, 20480, 21760, 24576, 27264, 28672,
    32768,
];

/// runtime `roundupsize(size, noscan=false)`.
fn roundup_size(size: usize) -> usize {
    if size <= MAX_SMALL_SIZE - MALLOC_HEADER_SIZE {
        let header = if size > MIN_SIZE_FOR_MALLOC_HEADER {
            MALLOC_HEADER_SIZE
        } else {
            0
        };
        let req = size + header;
        let class = SIZE_CLASSES
            .iter()
            .copied()
            .find(|&c| c >= req)
            .unwrap_or(MAX_SMALL_SIZE);
        return class - header;
    }
    size.div_ceil(PAGE_SIZE) * PAGE_SIZE
}

/// runtime `nextslicecap`.
fn next_slice_cap(new_len: usize, old_cap: usize) -> usize {
    let double = old_cap * 2;
    if new_len > double {
        return new_len;
    }
    const THRESHOLD: usize = 256;
    if old_cap < THRESHOLD {
        return double;
    }
    let mut new_cap = old_cap;
    while new_cap < new_len {
        new_cap += (new_cap + 3 * THRESHOLD) >> 2;
    }
    new_cap
}

/// The capacity `reflect.Value.Grow(1)` gives a full `[]string` of capacity
/// `cap`.
pub fn grown_cap(cap: usize) -> usize {
    let new_cap = next_slice_cap(cap + 1, cap);
    roundup_size(new_cap * ELEM_SIZE) / ELEM_SIZE
}

/// A `[]T` with Go's length/capacity semantics: `buf.len()` is the capacity
/// and every element of the backing array is kept, also past `len`.
#[derive(Debug, Default, Clone)]
pub struct GoSlice<T> {
    buf: Vec<T>,
    len: usize,
    /// Go tells a nil slice from an empty one; the export never looks, but
    /// the decoding tests compare it with Go's.
    non_nil: bool,
}

impl<T: Default + Clone> GoSlice<T> {
    /// The visible elements, `s[:len(s)]`.
    pub fn as_slice(&self) -> &[T] {
        &self.buf[..self.len]
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn is_nil(&self) -> bool {
        !self.non_nil
    }

    /// Setting the slice to nil (JSON `null`) drops the backing array.
    pub fn set_nil(&mut self) {
        self.buf = Vec::new();
        self.len = 0;
        self.non_nil = false;
    }

    /// Makes element `i` of an array being decoded visible, growing like
    /// decode.go's `array()`, and returns it for decoding into.
    pub fn element(&mut self, i: usize) -> &mut T {
        if i >= self.buf.len() {
            // Here i == len == cap: Grow(1) copies everything and zeroes
            // the new tail.
            let cap = grown_cap(self.buf.len());
            self.buf.resize(cap, T::default());
        }
        if i >= self.len {
            self.len = i + 1;
        }
        self.non_nil = true;
        &mut self.buf[i]
    }

    /// Ends an array of `n` elements: truncates, and an empty JSON array
    /// replaces the slice with a new empty one (capacity 0).
    pub fn finish(&mut self, n: usize) {
        if n < self.len {
            self.len = n;
        }
        if n == 0 {
            self.set_nil();
            self.non_nil = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capacities_follow_go() {
        // cap() after decoding ever longer arrays into a nil []string, from Go 1.26.
        let want = [
            1, 2, 4, 8, 16, 32, 71, 143, 303, 591, 1023, 1535, 2560, 3584, 5120, 6656, 8704, 11264,
            14336, 18432, 23552, 29696, 37376, 47104, 59392, 74752, 93696, 117760, 147456, 184832,
        ];
        let mut cap = 0;
        for &w in &want {
            cap = grown_cap(cap);
            assert_eq!(cap, w);
        }
    }
}
