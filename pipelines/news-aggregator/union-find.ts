/** Disjoint sets over ids 0..n-1, growing as ids are added; path halving and union by size. */
export class UnionFind {
  private parent = new Int32Array(1024);
  private size = new Int32Array(1024);
  private count = 0;

  /** Adds the next id as a set of its own; ids must be added in order 0, 1, 2, ... */
  add(id: number): void {
    if (id !== this.count) throw new RangeError(`expected id ${this.count}, got ${id}`);
    if (id >= this.parent.length) {
      const parent = new Int32Array(this.parent.length * 2);
      parent.set(this.parent);
      this.parent = parent;
      const size = new Int32Array(this.size.length * 2);
      size.set(this.size);
      this.size = size;
    }
    this.parent[id] = id;
    this.size[id] = 1;
    this.count++;
  }

  find(id: number): number {
    const parent = this.parent;
    let x = id;
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]!]!;
      x = parent[x]!;
    }
    return x;
  }

  union(a: number, b: number): void {
    let ra = this.find(a);
    let rb = this.find(b);
    if (ra === rb) return;
    if (this.size[ra]! < this.size[rb]!) [ra, rb] = [rb, ra];
    this.parent[rb] = ra;
    this.size[ra] = this.size[ra]! + this.size[rb]!;
  }
}
