/** A binary min-heap of (time, item): the state machine's agenda of upcoming transitions. */
export class DueQueue<T> {
  private readonly heap: { at: number; item: T }[] = [];

  get size(): number {
    return this.heap.length;
  }

  push(at: number, item: T): void {
    const heap = this.heap;
    heap.push({ at, item });
    let index = heap.length - 1;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      const above = heap[parent];
      const current = heap[index];
      if (above === undefined || current === undefined || above.at <= current.at) break;
      heap[parent] = current;
      heap[index] = above;
      index = parent;
    }
  }

  peekTime(): number {
    return this.heap[0]?.at ?? Number.POSITIVE_INFINITY;
  }

  pop(): { at: number; item: T } | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (top === undefined || last === undefined || heap.length === 0) return top;
    heap[0] = last;
    let index = 0;
    for (;;) {
      const left = index * 2 + 1;
      const right = left + 1;
      let smallest = index;
      if ((heap[left]?.at ?? Infinity) < (heap[smallest]?.at ?? Infinity)) smallest = left;
      if ((heap[right]?.at ?? Infinity) < (heap[smallest]?.at ?? Infinity)) smallest = right;
      if (smallest === index) break;
      const a = heap[index];
      const b = heap[smallest];
      if (a === undefined || b === undefined) break;
      heap[index] = b;
      heap[smallest] = a;
      index = smallest;
    }
    return top;
  }

  clear(): void {
    this.heap.length = 0;
  }
}
