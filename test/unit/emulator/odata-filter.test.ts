import { describe, expect, test } from 'vitest';
import { compileFilter, parseFilter } from '../../../src/emulator/graph/odata-filter.js';
import { GraphError } from '../../../src/emulator/graph/graph-error.js';
import { DueQueue } from '../../../src/emulator/state/due-queue.js';

describe('parseFilter', () => {
  test('comparisons joined by and, with doubled quotes, bare date-times and parentheses', () => {
    expect(parseFilter("displayName eq 'O''Brien'")).toEqual([{ path: 'displayName', operator: 'eq', value: "O'Brien" }]);
    expect(parseFilter("(accessPackage/id eq 'A') and target/objectId eq 'U' AND createdDateTime ge 2025-01-01T00:00:00Z")).toEqual([
      { path: 'accessPackage/id', operator: 'eq', value: 'A' },
      { path: 'target/objectId', operator: 'eq', value: 'U' },
      { path: 'createdDateTime', operator: 'ge', value: '2025-01-01T00:00:00Z' },
    ]);
    expect(parseFilter('isHidden eq false and n lt 3')).toEqual([
      { path: 'isHidden', operator: 'eq', value: false },
      { path: 'n', operator: 'lt', value: 3 },
    ]);
  });

  test.each([
    ["state eq 'a' or state eq 'b'", /only 'and' joins clauses/],
    ["startswith(displayName,'S')", /syntax error/],
    ["state has 'a'", /unsupported operator 'has'/],
    ["state eq 'open", /syntax error/],
    ["(state eq 'a'", /unbalanced parentheses/],
    ['state eq delivered', /is not a literal/],
  ])('%s is a 400 BadRequest', (text, message) => {
    let caught: unknown;
    try {
      parseFilter(text);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(GraphError);
    expect((caught as GraphError).status).toBe(400);
    expect((caught as GraphError).code).toBe('BadRequest');
    expect((caught as GraphError).message).toMatch(message);
  });
});

describe('compileFilter', () => {
  const rows = [
    { name: 'Sales Tools', created: '2025-01-01T10:00:00Z' },
    { name: 'Project X', created: '2025-02-01T10:00:00+02:00' },
  ];
  const fields = { displayName: (r: (typeof rows)[number]) => r.name, createdDateTime: (r: (typeof rows)[number]) => r.created };

  test('eq compares text case-insensitively; ge compares instants', () => {
    expect(rows.filter(compileFilter(parseFilter("displayName eq 'project x'"), fields, 't')).map((r) => r.name)).toEqual(['Project X']);
    expect(rows.filter(compileFilter(parseFilter("displayName ne 'project x'"), fields, 't')).map((r) => r.name)).toEqual(['Sales Tools']);
    expect(rows.filter(compileFilter(parseFilter('createdDateTime ge 2025-02-01T07:59:00Z'), fields, 't')).map((r) => r.name)).toEqual(['Project X']);
    expect(rows.filter(compileFilter(parseFilter('createdDateTime ge 2025-02-01T08:01:00Z'), fields, 't'))).toEqual([]);
  });

  test('a property the type cannot filter on names the supported ones', () => {
    expect(() => compileFilter(parseFilter("owner eq 'x'"), fields, 'microsoft.graph.thing')).toThrow(
      "Invalid filter clause: the property 'owner' cannot be filtered on 'microsoft.graph.thing' (supported: displayName, createdDateTime).",
    );
  });
});

describe('DueQueue', () => {
  test('pops in time order whatever the push order', () => {
    const queue = new DueQueue<string>();
    for (const [at, item] of [[5, 'e'], [1, 'a'], [4, 'd'], [2, 'b'], [3, 'c'], [2, 'b2']] as const) queue.push(at, item);
    const popped: string[] = [];
    while (queue.size > 0) popped.push(queue.pop()!.item);
    expect(popped.slice(0, 1)).toEqual(['a']);
    expect(popped.slice(1, 3).sort()).toEqual(['b', 'b2']);
    expect(popped.slice(3)).toEqual(['c', 'd', 'e']);
    expect(queue.peekTime()).toBe(Number.POSITIVE_INFINITY);
  });
});
