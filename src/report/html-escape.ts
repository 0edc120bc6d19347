const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text safe inside HTML/SVG elements and quoted attributes. */
export function escapeHtml(value: string | number | undefined): string {
  return value === undefined ? '' : String(value).replace(/[&<>"']/g, (char) => ENTITIES[char] ?? char);
}
