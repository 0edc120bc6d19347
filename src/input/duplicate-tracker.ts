import type { RowRef } from '../core/domain.js';

const INITIAL_CAPACITY = 1 << 12;
const MAX_LOAD = 0.7;

/**
 * Remembers every row key seen in one call, across files, and tells where a key was first seen.
 *
 * Memory stays small for millions of rows: a key is kept only as a 64-bit hash in an open-addressing
 * table of typed arrays (16 bytes a slot, about 23 MB for 1,000,000 rows), never as a string. Two
 * different keys share a hash with probability about n^2 / 2^65 (3 in 100 million for 1,000,000 rows);
 * such a row would be reported as a duplicate it is not, which the report makes visible.
 */
export class DuplicateTracker {
  private capacity = INITIAL_CAPACITY;
  private size = 0;
  private hashHigh = new Uint32Array(INITIAL_CAPACITY);
  private hashLow = new Uint32Array(INITIAL_CAPACITY);
  private fileIndex = new Uint32Array(INITIAL_CAPACITY);
  /** 0 marks an empty slot: lines start at 1. */
  private lines = new Uint32Array(INITIAL_CAPACITY);
  private readonly files: string[] = [];
  private readonly fileIndexByName = new Map<string, number>();

  /** Records `key` for `ref`; returns where the same key was first seen, or undefined when it is new. */
  firstSeen(key: string, ref: RowRef): RowRef | undefined {
    const [high, low] = hash64(key);
    let slot = low & (this.capacity - 1);
    for (;;) {
      const line = this.lines[slot] as number;
      if (line === 0) break;
      if (this.hashHigh[slot] === high && this.hashLow[slot] === low) {
        return { file: this.files[this.fileIndex[slot] as number] as string, line };
      }
      slot = (slot + 1) & (this.capacity - 1);
    }
    this.hashHigh[slot] = high;
    this.hashLow[slot] = low;
    this.fileIndex[slot] = this.indexOfFile(ref.file);
    this.lines[slot] = ref.line;
    this.size++;
    if (this.size > this.capacity * MAX_LOAD) this.grow();
    return undefined;
  }

  /** Number of distinct keys recorded. */
  get count(): number {
    return this.size;
  }

  private indexOfFile(file: string): number {
    let index = this.fileIndexByName.get(file);
    if (index === undefined) {
      index = this.files.length;
      this.files.push(file);
      this.fileIndexByName.set(file, index);
    }
    return index;
  }

  private grow(): void {
    const { hashHigh, hashLow, fileIndex, lines } = this;
    this.capacity *= 2;
    this.hashHigh = new Uint32Array(this.capacity);
    this.hashLow = new Uint32Array(this.capacity);
    this.fileIndex = new Uint32Array(this.capacity);
    this.lines = new Uint32Array(this.capacity);
    for (let old = 0; old < lines.length; old++) {
      if (lines[old] === 0) continue;
      let slot = (hashLow[old] as number) & (this.capacity - 1);
      while (this.lines[slot] !== 0) slot = (slot + 1) & (this.capacity - 1);
      this.hashHigh[slot] = hashHigh[old] as number;
      this.hashLow[slot] = hashLow[old] as number;
      this.fileIndex[slot] = fileIndex[old] as number;
      this.lines[slot] = lines[old] as number;
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
