import { COLUMNS, type Column } from '../core/domain.js';

/** Header spellings of SPEC section 2, keyed by their normalised form (see `normaliseHeaderName`). */
const ALIASES: ReadonlyMap<string, Column> = new Map<string, Column>([
  ...COLUMNS.map((column): [string, Column] => [normaliseHeaderName(column), column]),
  ['userprincipalname', 'user'],
  ['upn', 'user'],
  ['targetid', 'user'],
  ['objectid', 'user'],
  ['email', 'user'],
  ['accesspackageid', 'accessPackage'],
  ['package', 'accessPackage'],
  ['assignmentpolicyid', 'policy'],
  ['assignmentpolicy', 'policy'],
  ['expires', 'expiration'],
  ['enddatetime', 'expiration'],
  ['startdatetime', 'start'],
]);

/** Header names match case-insensitively, ignoring spaces, `_` and `-`. */
export function normaliseHeaderName(name: string): string {
  return name.toLowerCase().replace(/[\s_-]+/g, '');
}

/** The canonical column a header cell names, or undefined when it is not a known column or alias. */
export function columnForHeader(name: string): Column | undefined {
  return ALIASES.get(normaliseHeaderName(name));
}
