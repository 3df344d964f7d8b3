import { createReadStream } from 'node:fs';
import {
  chmod,
  copyFile,
  lstat,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  readlink,
  rm,
  stat,
  symlink,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AtomicFileWriter, fsyncDirectory, removeAtomicTempFiles, writeFileAtomic } from '../src/index.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rcskit-atomic-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const modeOf = async (path: string) => (await stat(path)).mode & 0o7777;
/** Every file in the directory except `keep`: temporary files left behind. */
const strays = async (...keep: string[]) => (await readdir(dir)).filter((n) => !keep.includes(n));

async function* failingAfter(chunks: readonly string[]): AsyncGenerator<string> {
  for (const chunk of chunks) yield chunk;
  throw new Error('source broke');
}

describe('writeFileAtomic', () => {
  it('creates a new file', async () => {
    const file = join(dir, 'new.json');
    expect(await writeFileAtomic(file, '{"a":1}\n')).toBe(true);
    expect(await readFile(file, 'utf8')).toBe('{"a":1}\n');
    expect(await strays('new.json')).toEqual([]);
  });

  it('replaces the content with a new file (new inode), leaving no temporary file', async () => {
    const file = join(dir, 'config.json');
    await writeFile(file, 'old content that is longer than the new one');
    const inode = (await stat(file)).ino;
    await writeFileAtomic(file, 'new');
    expect(await readFile(file, 'utf8')).toBe('new');
    expect((await stat(file)).ino).not.toBe(inode);
    expect(await strays('config.json')).toEqual([]);
  });

  it('writes bytes, text in the given encoding, and chunks from iterables and streams', async () => {
    const file = join(dir, 'data.bin');
    await writeFileAtomic(file, new Uint8Array([0, 1, 2, 255]));
    expect([...(await readFile(file))]).toEqual([0, 1, 2, 255]);
    await writeFileAtomic(file, 'grüße', { encoding: 'latin1' });
    expect(await readFile(file)).toEqual(Buffer.from('grüße', 'latin1'));
    await writeFileAtomic(file, ['a', Buffer.from('b'), 'c']);
    expect(await readFile(file, 'utf8')).toBe('abc');

    const source = join(dir, 'source.txt');
    const big = 'line of text\n'.repeat(50_000);
    await writeFile(source, big);
    await writeFileAtomic(file, createReadStream(source));
    expect(await readFile(file, 'utf8')).toBe(big);
    expect(await strays('data.bin', 'source.txt')).toEqual([]);
  });

  it('encodes a character split between two chunks whole', async () => {
    const file = join(dir, 'emoji.txt');
    const smiley = '😀';
    await writeFileAtomic(file, ['a', smiley[0]!, smiley[1]!, 'b']);
    expect(await readFile(file, 'utf8')).toBe(`a${smiley}b`);
    const many = Array.from({ length: 40_000 }, () => [smiley[0]!, smiley[1]!]).flat();
    await writeFileAtomic(file, many);
    expect(await readFile(file, 'utf8')).toBe(smiley.repeat(40_000));
    // Split exactly where the buffered text is written out (64 KiB): the high half is held for the next chunk.
    const long = 'a'.repeat(70_000);
    await writeFileAtomic(file, [`${long}${smiley[0]!}`, `${smiley[1]!}b`]);
    expect(await readFile(file, 'utf8')).toBe(`${long}${smiley}b`);
  });

  it('refuses options that are not an object (the old `(path, data, mode)` form)', async () => {
    const file = join(dir, 'secret.json');
    await expect(writeFileAtomic(file, '{}', 0o600 as never)).rejects.toThrow(TypeError);
    expect(await strays()).toEqual([]);
  });

  it('sets the requested mode exactly, on new and on existing files', async () => {
    const file = join(dir, 'secret.json');
    await writeFileAtomic(file, '{}', { mode: 0o600 });
    expect(await modeOf(file)).toBe(0o600);
    await chmod(file, 0o644);
    await writeFileAtomic(file, '{}', { mode: 0o600 });
    expect(await modeOf(file)).toBe(0o600);
    // Bits a usual umask (022) would clear are set too.
    await writeFileAtomic(file, '{}', { mode: 0o666 });
    expect(await modeOf(file)).toBe(0o666);
  });

  it('keeps the mode of the file it replaces, or takes it from modeFrom', async () => {
    const file = join(dir, 'keep.properties');
    await writeFile(file, 'a=1\n');
    await chmod(file, 0o640);
    await writeFileAtomic(file, 'a=2\n');
    expect(await modeOf(file)).toBe(0o640);
    await chmod(file, 0o664);
    await writeFileAtomic(file, 'a=3\n');
    expect(await modeOf(file)).toBe(0o664);

    const copy = join(dir, 'copy.properties');
    await writeFileAtomic(copy, 'a=3\n', { modeFrom: file });
    expect(await modeOf(copy)).toBe(0o664);
  });

  it('gives a new file 0644 reduced by the umask when nothing says otherwise', async () => {
    const file = join(dir, 'plain.txt');
    await writeFileAtomic(file, 'x');
    const mode = await modeOf(file);
    expect(mode & 0o600).toBe(0o600);
    expect(mode & ~0o644).toBe(0);
  });

  it('rejects an invalid mode before creating anything', async () => {
    await expect(writeFileAtomic(join(dir, 'x'), 'x', { mode: 0o10000 })).rejects.toThrow(RangeError);
    await expect(writeFileAtomic(join(dir, 'x'), 'x', { mode: -1 })).rejects.toThrow(RangeError);
    expect(await strays()).toEqual([]);
  });

  it('leaves the original intact and no temporary file when the data source fails mid-way', async () => {
    const file = join(dir, 'users.json');
    await writeFile(file, 'original');
    const chunks = Array.from({ length: 20 }, (_, i) => `${i}`.repeat(10_000)); // more than one block
    await expect(writeFileAtomic(file, failingAfter(chunks))).rejects.toThrow('source broke');
    expect(await readFile(file, 'utf8')).toBe('original');
    expect(await strays('users.json')).toEqual([]);

    // A new file is not created either.
    await expect(writeFileAtomic(join(dir, 'fresh.json'), failingAfter(['x']))).rejects.toThrow(
      'source broke',
    );
    expect(await strays('users.json')).toEqual([]);
  });

  it('rejects chunks that are neither strings nor bytes, leaving nothing behind', async () => {
    const file = join(dir, 'typed.txt');
    await expect(writeFileAtomic(file, [1, 2] as unknown as string[])).rejects.toThrow(TypeError);
    expect(await strays()).toEqual([]);
  });

  it('leaves a directory in the way untouched and no temporary file', async () => {
    const target = join(dir, 'sub');
    await mkdir(target);
    await writeFile(join(target, 'inside.txt'), 'kept');
    await expect(writeFileAtomic(target, 'data')).rejects.toThrow();
    expect((await stat(target)).isDirectory()).toBe(true);
    expect(await readFile(join(target, 'inside.txt'), 'utf8')).toBe('kept');
    expect(await strays('sub')).toEqual([]);
  });

  it('fails without side effects when the directory does not exist', async () => {
    await expect(writeFileAtomic(join(dir, 'missing', 'file.txt'), 'x')).rejects.toMatchObject({
      code: 'ENOENT',
    });
    expect(await strays()).toEqual([]);
  });

  it('abandons the write when the precondition says no, or throws', async () => {
    const file = join(dir, 'guarded.json');
    await writeFile(file, 'original');
    const seen: string[] = [];
    const written = await writeFileAtomic(file, 'new', {
      precondition: async () => {
        // The new content is complete on disk by now, next to the untouched target.
        const [temp] = await strays('guarded.json');
        seen.push(await readFile(join(dir, temp!), 'utf8'), await readFile(file, 'utf8'));
        return false;
      },
    });
    expect(written).toBe(false);
    expect(seen).toEqual(['new', 'original']);
    expect(await readFile(file, 'utf8')).toBe('original');
    expect(await strays('guarded.json')).toEqual([]);

    await expect(
      writeFileAtomic(file, 'new', {
        precondition: () => {
          throw new Error('cannot check');
        },
      }),
    ).rejects.toThrow('cannot check');
    expect(await readFile(file, 'utf8')).toBe('original');
    expect(await strays('guarded.json')).toEqual([]);

    expect(await writeFileAtomic(file, 'new', { precondition: () => true })).toBe(true);
    expect(await readFile(file, 'utf8')).toBe('new');
  });

  it('replaces a symbolic link by default, or writes through it with followSymlinks', async () => {
    const real = join(dir, 'real.properties');
    const link = join(dir, 'link.properties');
    await writeFile(real, 'real');
    await chmod(real, 0o600);
    await symlink(real, link);

    await writeFileAtomic(link, 'through', { followSymlinks: true });
    expect((await lstat(link)).isSymbolicLink()).toBe(true);
    expect(await readlink(link)).toBe(real);
    expect(await readFile(real, 'utf8')).toBe('through');
    expect(await modeOf(real)).toBe(0o600);

    await writeFileAtomic(link, 'replaced');
    expect((await lstat(link)).isFile()).toBe(true);
    expect(await readFile(link, 'utf8')).toBe('replaced');
    expect(await readFile(real, 'utf8')).toBe('through');

    // A dangling link is replaced even with followSymlinks.
    const dangling = join(dir, 'dangling');
    await symlink(join(dir, 'nowhere'), dangling);
    await writeFileAtomic(dangling, 'x', { followSymlinks: true });
    expect((await lstat(dangling)).isFile()).toBe(true);
    expect(await strays('real.properties', 'link.properties', 'dangling')).toEqual([]);
  });

  it('never lets concurrent writers or readers see a torn file', async () => {
    const file = join(dir, 'contended.txt');
    const size = 300_000;
    const contents = Array.from({ length: 12 }, (_, i) => String.fromCharCode(65 + i).repeat(size));
    await writeFile(file, contents[0]!);
    let writing = true;
    const reads: string[] = [];
    const reader = (async () => {
      while (writing) reads.push(await readFile(file, 'utf8'));
    })();
    try {
      for (let round = 0; round < 3; round++) {
        // Half of the writers hand the content over in small chunks, so writes of different files interleave.
        await Promise.all(
          contents.map((content, i) =>
            writeFileAtomic(file, i % 2 === 0 ? content : content.match(/.{1,7000}/g)!),
          ),
        );
      }
    } finally {
      writing = false;
      await reader;
    }
    reads.push(await readFile(file, 'utf8'));
    expect(reads.length).toBeGreaterThan(1);
    for (const read of reads) expect(contents).toContain(read);
    expect(await strays('contended.txt')).toEqual([]);
  });
});

describe('AtomicFileWriter', () => {
  it('writes to a temporary file beside the target and swaps it in on commit', async () => {
    const file = join(dir, 'table.csv');
    await writeFile(file, 'old\n');
    const writer = await AtomicFileWriter.open(file, { encoding: 'utf8' });
    expect(writer.target).toBe(file);
    expect(dirname(writer.tempPath)).toBe(dir);
    expect(basename(writer.tempPath)).toMatch(/^\.table\.csv\.\d+\.[0-9a-f]+\.tmp$/);
    await writer.write('new\n');
    await writer.write(Buffer.from('more\n'));
    expect(await readFile(file, 'utf8')).toBe('old\n');
    expect(await writer.commit()).toBe(true);
    expect(await readFile(file, 'utf8')).toBe('new\nmore\n');
    expect(await strays('table.csv')).toEqual([]);
  });

  it('streams large content in blocks', async () => {
    const file = join(dir, 'big.csv');
    const writer = await AtomicFileWriter.open(file);
    const row = 'user,"First","Last"\n';
    for (let i = 0; i < 20_000; i++) await writer.write(row);
    // Blocks reach the temporary file before the commit.
    expect((await stat(writer.tempPath)).size).toBeGreaterThan(0);
    await writer.commit();
    expect(await readFile(file, 'utf8')).toBe(row.repeat(20_000));
  });

  it('commits a temporary file filled in place by other means', async () => {
    const source = join(dir, 'source.csv');
    const target = join(dir, 'snapshot.csv');
    await writeFile(source, 'a,b\n1,2\n');
    await chmod(source, 0o640);
    const writer = await AtomicFileWriter.open(target, { modeFrom: source });
    await copyFile(source, writer.tempPath);
    await writer.commit();
    expect(await readFile(target, 'utf8')).toBe('a,b\n1,2\n');
    expect(await modeOf(target)).toBe(0o640);
    expect(await strays('source.csv', 'snapshot.csv')).toEqual([]);
  });

  it('abort removes the temporary file and leaves the target untouched', async () => {
    const file = join(dir, 'table.csv');
    await writeFile(file, 'old\n');
    const writer = await AtomicFileWriter.open(file);
    await writer.write('x'.repeat(200_000));
    await writer.abort();
    await writer.abort(); // harmless
    expect(await readFile(file, 'utf8')).toBe('old\n');
    expect(await strays('table.csv')).toEqual([]);
    await expect(writer.write('more')).rejects.toThrow(/finished/);
    await expect(writer.commit()).rejects.toThrow(/finished/);
  });

  it('can be committed once; abort after commit does nothing', async () => {
    const file = join(dir, 'once.txt');
    const writer = await AtomicFileWriter.open(file);
    await writer.write('done');
    await writer.commit();
    await expect(writer.commit()).rejects.toThrow(/finished/);
    await writer.abort();
    expect(await readFile(file, 'utf8')).toBe('done');
    expect(await strays('once.txt')).toEqual([]);
  });

  it('removes the temporary file when the commit fails', async () => {
    const target = join(dir, 'taken');
    await mkdir(target);
    const writer = await AtomicFileWriter.open(target);
    await writer.write('data');
    await expect(writer.commit()).rejects.toThrow();
    expect(await strays('taken')).toEqual([]);
  });
});

describe('removeAtomicTempFiles', () => {
  it('removes only the temporary files of writers of that target', async () => {
    const file = join(dir, 'a.csv');
    await writeFile(file, 'data');
    const names = [
      '.a.csv.1234.0a1b2c3d4e5f.tmp', // a killed writer of a.csv
      '.a.csv.99.beef.tmp', // another one
      '.a.csv.backup.tmp', // not a writer's name
      '.a.csv.1234.0a1b2c3d4e5f.tmp.keep',
      '.b.csv.1234.0a1b2c3d4e5f.tmp', // another target
      '.aXcsv.1.ab.tmp', // the dot in the name is not a wildcard
    ];
    for (const name of names) await writeFile(join(dir, name), 'x');
    expect(await removeAtomicTempFiles(file)).toBe(2);
    expect((await readdir(dir)).sort()).toEqual(['a.csv', ...names.slice(2)].sort());
  });

  it('removes the temporary files of derived files too when asked', async () => {
    const file = join(dir, 'a.csv');
    const names = [
      '.a.csv.1.ab.tmp', // a.csv
      '.a.csv.sync.17.2.cd.tmp', // a.csv.sync.17
      '.a.csv.sync.17.tmp', // not a writer's name
      '.a.csvx.3.ef.tmp', // another file
      '.b.csv.sync.17.4.ab.tmp', // another file's derived file
    ];
    for (const name of names) await writeFile(join(dir, name), 'x');
    expect(await removeAtomicTempFiles(file)).toBe(1);
    expect(await removeAtomicTempFiles(file, { derived: true })).toBe(1);
    expect((await readdir(dir)).sort()).toEqual(names.slice(2).sort());
  });

  it('finds what a killed writer leaves behind', async () => {
    const file = join(dir, 'killed.txt');
    const writer = await AtomicFileWriter.open(file);
    await writer.write('x'.repeat(100_000)); // a writer that never gets to commit or abort
    expect(await removeAtomicTempFiles(file)).toBe(1);
    expect(await strays()).toEqual([]);
    await writer.abort();
  });
});

describe('fsyncDirectory', () => {
  it('flushes an existing directory and rejects a missing one', async () => {
    await expect(fsyncDirectory(dir)).resolves.toBeUndefined();
    await expect(fsyncDirectory(join(dir, 'missing'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
