// Package inventory from real layer tarballs built here: dpkg and apk databases spread over
// several layers, with whiteouts and opaque directories, gzip and plain tar, and GNU tar output.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { after, describe, it } from 'node:test';
import tar from 'tar-stream';
import { inventory, LayerReadError, UnsupportedLayerError } from '../../src/registry/scan/index.js';

type Item =
  | { name: string; body: string }
  | { name: string; dir: true }
  | { name: string; symlink: string };

async function tarball(items: Item[]): Promise<Buffer> {
  const pack = tar.pack();
  for (const item of items) {
    if ('body' in item) pack.entry({ name: item.name }, item.body);
    else if ('dir' in item) pack.entry({ name: item.name, type: 'directory' });
    else pack.entry({ name: item.name, type: 'symlink', linkname: item.symlink });
  }
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of pack) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** A readable that hands the bytes over in small chunks, as a blob store would. */
function stream(bytes: Buffer): Readable {
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += 1000) chunks.push(bytes.subarray(i, i + 1000));
  return Readable.from(chunks);
}

async function* layers(...blobs: Buffer[]): AsyncGenerator<Readable> {
  for (const blob of blobs) yield stream(blob);
}

function dpkgEntry(name: string, version: string, extra = '', status = 'install ok installed'): string {
  return `Package: ${name}\nStatus: ${status}\nPriority: optional\nVersion: ${version}\n${extra}Description: ${name}\n more text\n .\n end\n`;
}

const DEBIAN_OS = 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nVERSION_CODENAME=bookworm\nID=debian\n';

const names = (inv: { packages: { name: string; version: string }[] }) => inv.packages.map((p) => `${p.name}=${p.version}`);

describe('inventory', () => {
  it('reads dpkg status from the top layer, keeps Source and skips packages not fully installed', async () => {
    const base = await tarball([
      { name: 'usr/lib/os-release', body: DEBIAN_OS },
      { name: 'etc/os-release', symlink: '../usr/lib/os-release' },
      { name: 'var/lib/dpkg/status', body: [dpkgEntry('libc6', '2.36-9+deb12u4', 'Source: glibc\n'), dpkgEntry('bash', '5.2.15-2+b2')].join('\n') },
    ]);
    const upper = await tarball([
      {
        name: 'var/lib/dpkg/status',
        body: [
          dpkgEntry('libc6', '2.36-9+deb12u4', 'Source: glibc\n'),
          dpkgEntry('libssl3', '3.0.11-1~deb12u2', 'Source: openssl (3.0.11-1~deb12u1)\n'),
          dpkgEntry('curl', '7.88.1-10', '', 'deinstall ok config-files'),
          dpkgEntry('bash', '5.2.15-2+b2'),
        ].join('\n'),
      },
    ]);
    const inv = await inventory(layers(gzipSync(base), upper));
    assert.deepEqual(inv.os, { id: 'debian', versionId: '12', codename: 'bookworm' });
    assert.deepEqual(names(inv), ['bash=5.2.15-2+b2', 'libc6=2.36-9+deb12u4', 'libssl3=3.0.11-1~deb12u2']);
    assert.deepEqual(inv.packages.find((p) => p.name === 'libc6'), { name: 'libc6', version: '2.36-9+deb12u4', ecosystem: 'Debian', source: 'glibc' });
    assert.deepEqual(inv.packages.find((p) => p.name === 'libssl3'), {
      name: 'libssl3', version: '3.0.11-1~deb12u2', ecosystem: 'Debian', source: 'openssl', sourceVersion: '3.0.11-1~deb12u1',
    });
    assert.deepEqual(inv.databases, ['dpkg']);
  });

  it('honours a whiteout of a file and of a whole directory in a lower layer', async () => {
    const l1 = await tarball([
      { name: 'etc/os-release', body: 'ID=alpine\nVERSION_ID=3.19.1\n' },
      { name: 'lib/apk/db/installed', body: 'C:Q1abc=\nP:musl\nV:1.2.4_git20230717-r4\nA:x86_64\no:musl\n\nP:busybox-binsh\nV:1.36.1-r15\no:busybox\n' },
      { name: 'var/lib/dpkg/status.d/', dir: true },
      { name: 'var/lib/dpkg/status.d/old', body: dpkgEntry('old', '1.0') },
    ]);
    // layer 2 deletes the apk database and the whole status.d directory ...
    const l2 = await tarball([{ name: 'lib/apk/db/.wh.installed', body: '' }, { name: 'var/lib/dpkg/.wh.status.d', body: '' }]);
    const mid = await inventory(layers(l1, l2));
    assert.deepEqual(mid.packages, []);
    assert.deepEqual(mid.databases, []);
    assert.equal(mid.os?.id, 'alpine');
    // ... and layer 3 puts a new one back, which an older whiteout must not hide.
    const l3 = await tarball([{ name: 'lib/apk/db/installed', body: 'P:zlib\nV:1.3.1-r0\n' }]);
    const top = await inventory(layers(l1, l2, l3));
    assert.deepEqual(names(top), ['zlib=1.3.1-r0']);
    assert.equal(top.packages[0]?.ecosystem, 'Alpine');
  });

  it('an opaque directory hides everything lower layers put there, but not its own layer', async () => {
    const l1 = await tarball([
      { name: 'var/lib/dpkg/status.d/base-files', body: 'Package: base-files\nVersion: 12.4+deb12u5\nArchitecture: amd64\n' },
      { name: 'var/lib/dpkg/status.d/base-files.md5sums', body: 'abc  etc/debian_version\n' },
      { name: 'var/lib/dpkg/status.d/netbase', body: 'Package: netbase\nVersion: 6.4\n' },
    ]);
    const l2 = await tarball([
      // the layer's own entry may come before the marker; it must survive either way
      { name: 'var/lib/dpkg/status.d/tzdata', body: 'Package: tzdata\nVersion: 2024a-0+deb12u1\n' },
      { name: 'var/lib/dpkg/status.d/.wh..wh..opq', body: '' },
    ]);
    const one = await inventory(layers(l1));
    assert.deepEqual(names(one), ['base-files=12.4+deb12u5', 'netbase=6.4']);
    const both = await inventory(layers(l1, l2));
    assert.deepEqual(names(both), ['tzdata=2024a-0+deb12u1']);
  });

  it('a whiteout in the same layer as a new file does not hide that file', async () => {
    const l1 = await tarball([{ name: 'lib/apk/db/installed', body: 'P:old\nV:1-r0\n' }]);
    const l2 = await tarball([
      { name: 'lib/apk/db/installed', body: 'P:new\nV:2-r0\n' },
      { name: 'lib/apk/.wh.db', body: '' },
    ]);
    assert.deepEqual(names(await inventory(layers(l1, l2))), ['new=2-r0']);
  });

  it('a file replacing a directory hides what was under it; a later whiteout hides a symlink', async () => {
    const l1 = await tarball([
      { name: 'var/lib/dpkg/status.d/a', body: 'Package: a\nVersion: 1\n' },
      { name: 'etc/os-release', body: DEBIAN_OS },
    ]);
    const l2 = await tarball([{ name: 'var/lib/dpkg/status.d', body: 'not a directory any more' }, { name: 'etc/.wh.os-release', body: '' }]);
    const inv = await inventory(layers(l1, l2));
    assert.deepEqual(inv.packages, []);
    assert.equal(inv.os, undefined);
  });

  it('reads layers made by GNU tar (./ prefixes) and gzip, the way docker build layers look', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wharf-scan-'));
    after(() => rmSync(dir, { recursive: true, force: true }));
    const root = join(dir, 'root');
    mkdirSync(join(root, 'var/lib/dpkg'), { recursive: true });
    mkdirSync(join(root, 'etc'), { recursive: true });
    writeFileSync(join(root, 'etc/os-release'), DEBIAN_OS);
    writeFileSync(join(root, 'var/lib/dpkg/status'), dpkgEntry('zlib1g', '1:1.2.13.dfsg-1', 'Source: zlib\n'));
    writeFileSync(join(root, 'var/lib/dpkg/.wh.status-old'), '');
    writeFileSync(join(root, 'big.bin'), Buffer.alloc(8 * 1024 * 1024, 1));
    const layer = execFileSync('sh', ['-c', `tar -C '${root}' -c . | gzip -c`], { maxBuffer: 64 * 1024 * 1024 });
    const inv = await inventory(layers(layer));
    assert.deepEqual(inv.packages, [{ name: 'zlib1g', version: '1:1.2.13.dfsg-1', ecosystem: 'Debian', source: 'zlib' }]);
    assert.equal(inv.os?.codename, 'bookworm');
  });

  it('accepts plain arrays of streams and empty blobs', async () => {
    const inv = await inventory([stream(Buffer.alloc(0)), stream(await tarball([{ name: 'lib/apk/db/installed', body: 'P:a\nV:1-r0\n' }]))]);
    assert.deepEqual(names(inv), ['a=1-r0']);
  });

  it('fails clearly on a corrupt layer and on zstd/xz layers it cannot decompress', async () => {
    const good = await tarball([{ name: 'etc/os-release', body: DEBIAN_OS }]);
    await assert.rejects(inventory(layers(good, Buffer.alloc(2048, 7))), (err: Error) => {
      assert.ok(err instanceof LayerReadError);
      assert.match(err.message, /^layer 2 could not be read/);
      return true;
    });
    await assert.rejects(inventory(layers(gzipSync(good).subarray(0, 40))), LayerReadError);
    const xz = Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00, 1, 2, 3]);
    await assert.rejects(inventory(layers(xz)), /layer 1 is xz-compressed/);
    const zstd = Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0, 0, 0, 0]);
    const hasZstd = 'createZstdDecompress' in (await import('node:zlib'));
    if (!hasZstd) {
      await assert.rejects(inventory(layers(zstd)), (err: Error) => err instanceof UnsupportedLayerError && /zstd/.test(err.message));
    }
  });

  it('streams large layers without holding them: a 256 MiB file that is not a database passes through', async () => {
    const pack = tar.pack();
    const size = 256 * 1024 * 1024;
    const sink = pack.entry({ name: 'usr/share/big.bin', size }, () => undefined);
    const chunk = Buffer.alloc(1024 * 1024, 2);
    void (async () => {
      for (let sent = 0; sent < size; sent += chunk.length) {
        if (!sink.write(chunk)) await new Promise<void>((resolve) => sink.once('drain', () => resolve()));
      }
      sink.end(undefined);
      pack.entry({ name: 'lib/apk/db/installed' }, 'P:after\nV:1-r0\n');
      pack.finalize();
    })();
    const before = process.memoryUsage().rss;
    const inv = await inventory([Readable.from(pack)]);
    assert.deepEqual(names(inv), ['after=1-r0']);
    const grown = process.memoryUsage().rss - before;
    assert.ok(grown < 48 * 1024 * 1024, `rss grew by ${Math.round(grown / 1048576)} MiB`);
  });
});
