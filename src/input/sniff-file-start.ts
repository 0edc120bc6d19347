/** Delimiters SPEC section 2 accepts, detected from the header line. */
export type Delimiter = ',' | ';' | '\t';

export type FileStart =
  | { kind: 'text'; delimiter: Delimiter }
  | { kind: 'empty' }
  | { kind: 'binary'; reason: string };

const UTF8_BOM = [0xef, 0xbb, 0xbf] as const;
const NUL = 0;

/**
 * Looks at the first chunk of a file: is it text at all, and which delimiter does its header line use?
 * The delimiter is the one of `,`, `;` and tab that occurs most often outside quotes in the first line;
 * a header of a single column has none, and gets `,`.
 */
export function sniffFileStart(chunk: Uint8Array): FileStart {
  let start = 0;
  if (chunk.length >= 3 && chunk[0] === UTF8_BOM[0] && chunk[1] === UTF8_BOM[1] && chunk[2] === UTF8_BOM[2]) start = 3;
  const body = chunk.subarray(start);
  if (body.length === 0) return { kind: 'empty' };
  if (looksLikeUtf16(chunk)) return { kind: 'binary', reason: 'it is UTF-16 text: save it as UTF-8 (in Excel: CSV UTF-8)' };
  const nul = body.indexOf(NUL);
  if (nul !== -1) return { kind: 'binary', reason: `byte ${start + nul + 1} is a NUL byte` };
  let text: string;
  try {
    // stream: true tolerates a multi-byte character cut at the end of the chunk.
    text = new TextDecoder('utf-8', { fatal: true }).decode(body, { stream: true });
  } catch {
    return { kind: 'binary', reason: 'it is not valid UTF-8 text' };
  }
  return { kind: 'text', delimiter: detectDelimiter(text) };
}

/** A UTF-16 byte order mark, or ASCII text with every other byte NUL (UTF-16 without one), as Excel and PowerShell write it. */
function looksLikeUtf16(chunk: Uint8Array): boolean {
  if (chunk.length >= 2 && ((chunk[0] === 0xff && chunk[1] === 0xfe) || (chunk[0] === 0xfe && chunk[1] === 0xff))) return true;
  const sample = Math.min(chunk.length - (chunk.length % 2), 64);
  if (sample < 4) return false;
  let evenNuls = 0;
  let oddNuls = 0;
  for (let i = 0; i < sample; i += 2) {
    if (chunk[i] === NUL) evenNuls++;
    if (chunk[i + 1] === NUL) oddNuls++;
  }
  const pairs = sample / 2;
  return (oddNuls === pairs && evenNuls === 0) || (evenNuls === pairs && oddNuls === 0);
}

function detectDelimiter(text: string): Delimiter {
  const counts = { ',': 0, ';': 0, '\t': 0 };
  let inQuotes = false;
  let sawContent = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '"') {
      inQuotes = !inQuotes;
    } else if (!inQuotes && (char === '\n' || char === '\r')) {
      // Blank lines before the header are skipped like any other blank line.
      if (sawContent) break;
    } else if (!inQuotes && (char === ',' || char === ';' || char === '\t')) {
      counts[char]++;
      sawContent = true;
    } else if (char !== ' ') {
      sawContent = true;
    }
  }
  let best: Delimiter = ',';
  for (const candidate of [';', '\t'] as const) {
    if (counts[candidate] > counts[best]) best = candidate;
  }
  return best;
}
