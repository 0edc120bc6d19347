import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sha256File } from '../../../src/store/file-hash.js';
import { useTempDirs } from './store-fixtures.js';

const tempDir = useTempDirs();

describe('sha256File', () => {
  it('hashes the bytes of a file, streamed', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'abc.csv'), 'abc');
    writeFileSync(join(dir, 'empty.csv'), '');
    writeFileSync(join(dir, 'big.csv'), Buffer.alloc(3 * 1024 * 1024, 'a'));
    expect(await sha256File(join(dir, 'abc.csv'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(await sha256File(join(dir, 'empty.csv'))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(await sha256File(join(dir, 'big.csv'))).toMatch(/^[0-9a-f]{64}$/);
    await expect(sha256File(join(dir, 'missing.csv'))).rejects.toThrow(/ENOENT/);
  });
});
