// A Bloom filter over dedup keys. A big import asks "is this email / number / company already
// known?" several times per row, and for nearly every row of a fresh trade-show file the answer is
// no. Each indexed probe costs a few microseconds through the driver; this answers "certainly not"
// in a fraction of that, and a "maybe" still goes to the database, which decides. So a false
// positive costs one probe and can never change a result.

/** 32-bit FNV-1a over UTF-16 code units, with a tag so that kinds of key never collide. */
function fnv(tag: string, s: string, seed: number): number {
  let h = seed >>> 0;
  for (let i = 0; i < tag.length; i++) h = Math.imul(h ^ tag.charCodeAt(i), 16777619);
  h = Math.imul(h ^ 0, 16777619);
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  // final avalanche (murmur3 fmix) so that double hashing spreads well over the bit array
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const HASHES = 4;

export class KeyFilter {
  private bits: Uint32Array;
  private mask: number;
  private count = 0;

  /** Sized for `capacity` keys at about 10 bits each (~1% false positives); it still works when overfilled, only less sharply. */
  constructor(capacity: number) {
    let n = 1024;
    while (n < capacity * 10 && n < 2 ** 31) n *= 2;
    this.bits = new Uint32Array(n / 32);
    this.mask = n - 1;
  }

  get size(): number {
    return this.count;
  }

  add(tag: string, key: string): void {
    const h1 = fnv(tag, key, 2166136261);
    const h2 = fnv(tag, key, 0x9747b28c) | 1;
    for (let i = 0; i < HASHES; i++) {
      const b = (h1 + Math.imul(i, h2)) & this.mask;
      this.bits[b >>> 5]! |= 1 << (b & 31);
    }
    this.count++;
  }

  /** false: the key was never added. true: it may have been. */
  has(tag: string, key: string): boolean {
    const h1 = fnv(tag, key, 2166136261);
    const h2 = fnv(tag, key, 0x9747b28c) | 1;
    for (let i = 0; i < HASHES; i++) {
      const b = (h1 + Math.imul(i, h2)) & this.mask;
      if ((this.bits[b >>> 5]! & (1 << (b & 31))) === 0) return false;
    }
    return true;
  }
}
