/**
 * The key that serialises rows: the same user and package, whatever the action, keep file order and are never
 * in flight together. A row key is `user|package|action`; this drops the action.
 */
export function orderKeyOf(rowKey: string | undefined, seq: number): string {
  if (rowKey === undefined) return `#${seq}`;
  const cut = rowKey.lastIndexOf('|');
  return cut < 0 ? rowKey : rowKey.slice(0, cut);
}
