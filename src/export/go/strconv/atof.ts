// strconv.ParseFloat(s, 64) for JSON number literals, exactly. Go's parser is
// correctly rounded in every ordinary case, where JavaScript's Number(s)
// gives the same double. It is not for extreme literals, and the test corpus
// has them: its slow path keeps only 800 significant digits (and, without a
// decimal point, then misplaces the point: 1 followed by 1000 zeros e-1000
// is 1e-201 in Go), and it stops accumulating an exponent once it reaches
// 10000. Which path runs depends on whether the Eisel-Lemire fast path
// succeeds, so that algorithm is reproduced here too (internal/strconv:
// readFloat, atof64exact, eiselLemire64, decimal.set + floatBits).

/** Literals at most this long have <= 19 digits and a small exponent: Number() is exact. */
const SHORT = 19;

/** ParseFloat of a JSON number literal; ±Infinity means Go's ErrRange. */
export function parseFloat64(text: string): number {
  if (text.length <= SHORT) return Number(text);
  return atof64(text);
}

const U64 = (1n << 64n) - 1n;

/**
 * One pass over a literal's digits, keeping what both of Go's parsers see:
 * readFloat (the first 19 significant digits, the rest only as "a non-zero
 * digit was dropped", the point placed by the full digit count) and
 * decimal.set (the first 800 significant digits, the point placed by the
 * count it kept). Leading zeros only move the point.
 */
interface Digits {
  neg: boolean;
  /** The first 800 significant digits. */
  kept: string;
  /** A non-zero digit after the 19th / the 800th significant one. */
  trunc19: boolean;
  trunc800: boolean;
  /** The point position for readFloat and for decimal.set, exponent included. */
  dp: number;
  dpKept: number;
}

function scanDigits(s: string): Digits {
  let i = 0;
  const neg = s[0] === '-';
  if (neg) i++;
  let kept = '';
  let nd = 0;
  let trunc19 = false;
  let trunc800 = false;
  let sawdot = false;
  let dp = 0;
  let dpKept = 0;
  for (; i < s.length; i++) {
    const c = s[i]!;
    if (c === '.') {
      sawdot = true;
      dp = nd;
      dpKept = kept.length;
      continue;
    }
    if (c < '0' || c > '9') break;
    if (c === '0' && nd === 0) {
      dp--;
      dpKept--;
      continue;
    }
    nd++;
    if (kept.length < 800) kept += c;
    if (c !== '0') {
      if (nd > 19) trunc19 = true;
      if (nd > 800) trunc800 = true;
    }
  }
  if (!sawdot) {
    dp = nd;
    dpKept = kept.length;
  }
  const e = readExponent(s, i);
  return { neg, kept, trunc19, trunc800, dp: dp + e, dpKept: dpKept + e };
}

/** The exponent at s[i:] ('e', sign, digits), accumulated as Go does: not past 10000. */
function readExponent(s: string, i: number): number {
  if (i >= s.length || (s[i] !== 'e' && s[i] !== 'E')) return 0;
  i++;
  let sign = 1;
  if (s[i] === '+') i++;
  else if (s[i] === '-') {
    sign = -1;
    i++;
  }
  let e = 0;
  for (; i < s.length; i++) {
    if (e < 10000) e = e * 10 + (s.charCodeAt(i) - 48);
  }
  return e * sign;
}

const POW10 = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

/** atof64exact: exact when the mantissa and the power of ten are exact doubles. */
function atof64exact(mantissa: bigint, exp: number, neg: boolean): number | undefined {
  if (mantissa >> 52n !== 0n) return undefined;
  let f = Number(mantissa);
  if (neg) f = -f;
  if (exp === 0) return f;
  if (exp > 0 && exp <= 15 + 22) {
    if (exp > 22) {
      f *= POW10[exp - 22]!;
      exp = 22;
    }
    if (f > 1e15 || f < -1e15) return undefined;
    return f * POW10[exp]!;
  }
  if (exp < 0 && exp >= -22) return f / POW10[-exp]!;
  return undefined;
}

const POW10_MIN = -348;
const POW10_MAX = 347;
const pow10Cache = new Map<number, [bigint, bigint]>();

/**
 * pow10Tab[e]: 10^e scaled by a power of two into [2^127, 2^128), rounded
 * down, as (hi, lo) 64-bit halves (pow10gen.go).
 */
function pow10(e: number): [bigint, bigint] {
  let v = pow10Cache.get(e);
  if (v === undefined) {
    const TWO128 = 1n << 128n;
    let num = e >= 0 ? 10n ** BigInt(e) : 1n;
    let den = e >= 0 ? 1n : 10n ** BigInt(-e);
    while (num < TWO128 * den) num *= 2n;
    while (num >= TWO128 * den) den *= 2n;
    const d = num / den;
    v = [d >> 64n, d & U64];
    pow10Cache.set(e, v);
  }
  return v;
}

function clz64(x: bigint): number {
  return 64 - x.toString(2).length;
}

function float64FromBits(bits: bigint): number {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(bits);
  return b.readDoubleBE(0);
}

/** eiselLemire64: the double, or undefined where the algorithm gives up. */
function eiselLemire64(man: bigint, exp10: number, neg: boolean): number | undefined {
  if (man === 0n) return neg ? -0 : 0;
  if (exp10 < POW10_MIN || exp10 > POW10_MAX) return undefined;
  const [powHi, powLo] = pow10(exp10);
  const exp2 = 1 + ((exp10 * 108853) >> 15);
  const clz = clz64(man);
  man = (man << BigInt(clz)) & U64;
  let retExp2 = (BigInt(exp2 + 63 + 1023) - BigInt(clz)) & U64;
  const x = man * powHi;
  let xHi = x >> 64n;
  let xLo = x & U64;
  if ((xHi & 0x1ffn) === 0x1ffn && ((xLo + man) & U64) < man) {
    const y = man * powLo;
    const yHi = y >> 64n;
    const yLo = y & U64;
    let mergedHi = xHi;
    const mergedLo = (xLo + yHi) & U64;
    if (mergedLo < xLo) mergedHi++;
    if ((mergedHi & 0x1ffn) === 0x1ffn && ((mergedLo + 1n) & U64) === 0n && ((yLo + man) & U64) < man) return undefined;
    xHi = mergedHi;
    xLo = mergedLo;
  }
  const msb = xHi >> 63n;
  let retMantissa = xHi >> (msb + 9n);
  retExp2 = (retExp2 - (1n ^ msb)) & U64;
  if (xLo === 0n && (xHi & 0x1ffn) === 0n && (retMantissa & 3n) === 1n) return undefined;
  retMantissa += retMantissa & 1n;
  retMantissa >>= 1n;
  if (retMantissa >> 53n > 0n) {
    retMantissa >>= 1n;
    retExp2 = (retExp2 + 1n) & U64;
  }
  if (((retExp2 - 1n) & U64) >= 0x7ffn - 1n) return undefined;
  let bits = (retExp2 << 52n) | (retMantissa & ((1n << 52n) - 1n));
  if (neg) bits |= 1n << 63n;
  return float64FromBits(bits);
}

/**
 * The slow path: decimal.set keeps 800 significant digits (recording only
 * whether a dropped digit was non-zero) and, without a '.', sets the point
 * after the digits it kept; floatBits then rounds that decimal correctly,
 * which Number() does for the same digits (a trailing 1 stands for the
 * dropped non-zero digits, which only ever break a tie upwards).
 */
function slowPath(d: Digits): number {
  if (d.kept.length === 0) return d.neg ? -0 : 0;
  return Number(`${d.neg ? '-' : ''}0.${d.kept}${d.trunc800 ? '1' : ''}e${d.dpKept}`);
}

/** atof64 for a JSON number literal. */
function atof64(s: string): number {
  const d = scanDigits(s);
  // readFloat's view: the first 19 significant digits as an integer.
  const ndMant = Math.min(19, d.kept.length);
  const mantissa = ndMant === 0 ? 0n : BigInt(d.kept.slice(0, ndMant));
  const exp = mantissa !== 0n ? d.dp - ndMant : 0;
  const { neg, trunc19: trunc } = d;
  if (!trunc) {
    const f = atof64exact(mantissa, exp, neg);
    if (f !== undefined) return f;
  }
  const f = eiselLemire64(mantissa, exp, neg);
  if (f !== undefined) {
    if (!trunc) return f;
    const fUp = eiselLemire64(mantissa + 1n, exp, neg);
    if (fUp !== undefined && f === fUp) return f;
  }
  return slowPath(d);
}
