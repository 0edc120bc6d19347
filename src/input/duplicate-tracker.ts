import type { RowRef } from '../core/domain.js';

const INITIAL_CAPACITY = 1 << 12;
const MAX_LOAD = 0.7;

/** A run of consecutive rows from one file, numbered from `base` on in the tracker's single ordinal space. */
interface FileSegment {
  file: string;
  base: number;
  lastLine: number;
}

/**
 * Remembers every row key seen in one call, across files, and tells where a key was first seen.
 *
 * Memory stays small for millions of rows: a key is kept only as a 64-bit hash in an open-addressing
 * table of typed arrays, next to one 32-bit ordinal that encodes file and line (12 bytes a slot, 24 MB
 * for 1,000,000 rows), never as a string. Two different keys share a hash with probability about
 * n^2 / 2^65 (3 in 100 million for 1,000,000 rows); such a row would be reported as a duplicate it is
 * not, which the report makes visible.
 */
export class DuplicateTracker {
  private capacity = INITIAL_CAPACITY;
  private size = 0;
  private hashHigh = new Uint32Array(INITIAL_CAPACITY);
  private hashLow = new Uint32Array(INITIAL_CAPACITY);
  /** base + line of the first row with the key; 0 marks an empty slot (lines start at 1). */
  private ordinals = new Uint32Array(INITIAL_CAPACITY);
  private readonly segments: FileSegment[] = [];

  /** Records `key` for `ref`; returns where the same key was first seen, or undefined when it is new. */
  firstSeen(key: string, ref: RowRef): RowRef | undefined {
    const [high, low] = hash64(key);
    const mask = this.capacity - 1;
    let slot = low & mask;
    for (;;) {
      const ordinal = this.ordinals[slot] as number;
      if (ordinal === 0) break;
      if (this.hashHigh[slot] === high && this.hashLow[slot] === low) return this.refOf(ordinal);
      slot = (slot + 1) & mask;
    }
    this.hashHigh[slot] = high;
    this.hashLow[slot] = low;
    this.ordinals[slot] = this.ordinalOf(ref);
    this.size++;
    if (this.size > this.capacity * MAX_LOAD) this.grow();
    return undefined;
  }

  /** Number of distinct keys recorded. */
  get count(): number {
    return this.size;
  }

  /** Rows arrive file by file with rising lines; a new file, or a line going back, starts a new segment. */
  private ordinalOf(ref: RowRef): number {
    let segment = this.segments[this.segments.length - 1];
    if (segment === undefined || segment.file !== ref.file || ref.line <= segment.lastLine) {
      const base = segment === undefined ? 0 : segment.base + segment.lastLine;
      segment = { file: ref.file, base, lastLine: 0 };
      this.segments.push(segment);
    }
    segment.lastLine = ref.line;
    const ordinal = segment.base + ref.line;
    if (ordinal > 0xffffffff) throw new Error('DuplicateTracker holds at most 2^32 lines across all files');
    return ordinal;
  }

  private refOf(ordinal: number): RowRef {
    let low = 0;
    let high = this.segments.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((this.segments[middle] as FileSegment).base < ordinal) low = middle;
      else high = middle - 1;
    }
    const segment = this.segments[low] as FileSegment;
    return { file: segment.file, line: ordinal - segment.base };
  }

  private grow(): void {
    const { hashHigh, hashLow, ordinals } = this;
    this.capacity *= 2;
    const mask = this.capacity - 1;
    this.hashHigh = new Uint32Array(this.capacity);
    this.hashLow = new Uint32Array(this.capacity);
    this.ordinals = new Uint32Array(this.capacity);
    for (let old = 0; old < ordinals.length; old++) {
      if (ordinals[old] === 0) continue;
      let slot = (hashLow[old] as number) & mask;
      while (this.ordinals[slot] !== 0) slot = (slot + 1) & mask;
      this.hashHigh[slot] = hashHigh[old] as number;
      this.hashLow[slot] = hashLow[old] as number;
      this.ordinals[slot] = ordinals[old] as number;
    }
  }
}

/** Two independent 32-bit multiplicative hashes of the UTF-16 code units (cyrb53's mixing, kept at 64 bits). */
export function hash64(text: string): [number, number] {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return [h2 >>> 0, h1 >>> 0];
}
