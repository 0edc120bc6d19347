import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { recordReads } from '../../../src/store/table-records.js';

describe('recordReads', () => {
  it('gives the same objects as better-sqlite3 itself, built from raw rows', () => {
    const db = new Database(':memory:');
    db.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, n REAL, blob_json TEXT); INSERT INTO t (name, n, blob_json) VALUES ('a', 1.5, NULL), ('b', NULL, '{\"x\":1}')");
    const sql = 'SELECT * FROM t WHERE id >= ? ORDER BY id';
    const expected = db.prepare(sql).all(1);
    const reads = recordReads(db.prepare<[number], { id: number; name: string; n: number | null; blob_json: string | null }>(sql));
    expect(reads.all(1)).toEqual(expected);
    expect(reads.all(1)).toEqual([
      { id: 1, name: 'a', n: 1.5, blob_json: null },
      { id: 2, name: 'b', n: null, blob_json: '{"x":1}' },
    ]);
    expect(reads.get(2)).toEqual({ id: 2, name: 'b', n: null, blob_json: '{"x":1}' });
    expect(reads.get(3)).toBeUndefined();
    expect(reads.all(3)).toEqual([]);
    db.close();
  });
});
