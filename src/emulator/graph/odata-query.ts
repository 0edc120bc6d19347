import { badRequest } from './graph-error.js';

/** `$expand` as a tree: `assignmentPolicies($expand=questions)` -> { assignmentPolicies: { questions: {} } }. */
export type ExpandTree = Map<string, ExpandTree>;

/** Splits on commas that are not inside parentheses. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (c === '(') depth += 1;
    else if (c === ')') depth -= 1;
    else if (c === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.trim()).filter((p) => p.length > 0);
}

export function parseExpand(text: string | null): ExpandTree {
  const tree: ExpandTree = new Map();
  if (text === null) return tree;
  for (const part of splitTopLevel(text)) {
    const open = part.indexOf('(');
    const name = (open === -1 ? part : part.slice(0, open)).trim();
    let nested: ExpandTree = new Map();
    if (open !== -1) {
      if (!part.endsWith(')')) throw badRequest(`Invalid $expand: '${part}'.`);
      const options = part.slice(open + 1, -1);
      for (const option of options.split(';')) {
        const [optionName, optionValue] = option.split('=', 2).map((s) => s.trim());
        if (optionName?.toLowerCase() === '$expand') nested = parseExpand(optionValue ?? '');
        else if (optionName?.toLowerCase() !== '$select') throw badRequest(`Invalid $expand option '${option}'.`);
      }
    }
    tree.set(name.toLowerCase(), nested);
  }
  return tree;
}

/** Fails like Graph when `$expand` names a navigation property the type does not have. */
export function checkExpand(tree: ExpandTree, allowed: readonly string[], typeName: string): void {
  for (const name of tree.keys()) {
    if (!allowed.some((a) => a.toLowerCase() === name)) {
      throw badRequest(`Could not find a property named '${name}' on type '${typeName}'.`);
    }
  }
}

export function parseSelect(text: string | null): string[] | null {
  if (text === null) return null;
  return splitTopLevel(text);
}

/** Keeps `id`, `@odata.*` and the selected members (matched case-insensitively), plus expanded ones. */
export function applySelect(entity: Record<string, unknown>, select: string[] | null, keep: Iterable<string> = []): Record<string, unknown> {
  if (select === null) return entity;
  const wanted = new Set<string>();
  for (const name of select) wanted.add(name.toLowerCase());
  for (const name of keep) wanted.add(name.toLowerCase());
  const result: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(entity)) {
    if (name === 'id' || name.startsWith('@odata.') || wanted.has(name.toLowerCase())) result[name] = value;
  }
  return result;
}

/** `$top`: a positive integer, at most `max`. */
export function parseTop(text: string | null, max: number): number | null {
  if (text === null) return null;
  if (!/^\d+$/.test(text) || Number(text) < 1) throw badRequest(`Invalid value '${text}' for $top: expected a positive integer.`);
  return Math.min(Number(text), max);
}

/** Our `$skiptoken` is the offset of the next page, base64url-encoded so clients treat it as opaque. */
export function parseSkipToken(text: string | null): number {
  if (text === null) return 0;
  const decoded = Buffer.from(text, 'base64url').toString('utf8');
  const match = /^offset:(\d+)$/.exec(decoded);
  if (match === null) throw badRequest(`Invalid $skiptoken '${text}'.`);
  return Number(match[1]);
}

export function makeSkipToken(offset: number): string {
  return Buffer.from(`offset:${offset}`, 'utf8').toString('base64url');
}
