// Garbage collection while the registry serves, through real HTTP: what is collected (unreferenced
// blobs past the grace window, files without rows) and what never is (anything a manifest
// references, anything stored, linked or mounted within the grace window), with the server's
// clock moved forward instead of sleeping.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  assertCollected, blobFile, deleteImage, MINUTE, pullExact, pushLayers, startGcServer, type GcServer, type PushedImage,
} from '../helpers/gc.js';
import { pushIndex } from '../helpers/ociPush.js';
import { createRepository, digestOf } from '../helpers/registry.js';

const GRACE = 10 * MINUTE;
const PAST_GRACE = 15 * MINUTE;

describe('registry garbage collection', () => {
  let gc: GcServer;
  const runGc = () => gc.server.jobs.gc.runOnce();
  before(async () => {
    gc = await startGcServer(GRACE);
    for (const repositoryName of ['gc/a', 'gc/b', 'gc/c']) await createRepository(gc.server, { repositoryName });
  });
  after(async () => gc.server.stop());

  it('removes an unreferenced blob once it is older than the grace window, and reports the bytes', async () => {
    const bytes = randomBytes(3000);
    const digest = await gc.reg.pushBlob('gc/a', bytes);
    assert.ok(!(await runGc()).digests.includes(digest), 'a blob just pushed is kept');
    assert.equal((await gc.reg.fetch(`/v2/gc/a/blobs/${digest}`, { method: 'HEAD' })).status, 200);
    gc.age(PAST_GRACE);
    const report = await runGc();
    assert.ok(report.digests.includes(digest));
    assert.ok(report.removed >= 1 && report.examined >= report.removed);
    assert.ok(report.bytesFreed >= 3000);
    await assertCollected(gc, 'gc/a', digest);
    assert.deepEqual((await runGc()).digests, [], 'a second pass finds nothing left');
  });

  it('keeps every blob and manifest a manifest references: tagged, untagged, and an index with its children', async () => {
    const tagged = await pushLayers(gc.reg, 'gc/a', [randomBytes(2000), randomBytes(500)], 'v1');
    const untagged = await pushLayers(gc.reg, 'gc/a', [randomBytes(700)]);
    const child = await pushLayers(gc.reg, 'gc/a', [randomBytes(900)]);
    const indexDigest = await pushIndex(gc.reg, 'gc/a', [{ digest: child.digest, size: child.manifest.length }], 'multi');
    const loose = await gc.reg.pushBlob('gc/a', randomBytes(100));
    gc.age(PAST_GRACE);
    const report = await runGc();
    assert.deepEqual(report.digests, [loose]);
    for (const image of [tagged, untagged, child]) await pullExact(gc.reg, image);
    const index = await gc.reg.fetch(`/v2/gc/a/manifests/${indexDigest}`, { headers: { accept: 'application/vnd.oci.image.index.v1+json' } });
    assert.equal(index.status, 200);
    assert.ok(existsSync(blobFile(gc.server.dataDir, indexDigest)));
  });

  it('keeps a young unreferenced blob (a push in progress), so the push completes across passes', async () => {
    const layers = [randomBytes(4000), randomBytes(1000)];
    for (const l of layers) await gc.reg.pushBlob('gc/b', l);
    gc.age(GRACE / 2);
    const report = await runGc();
    assert.ok(layers.every((l) => !report.digests.includes(digestOf(l))));
    const image = await pushLayers(gc.reg, 'gc/b', layers, 'in-progress');
    gc.age(PAST_GRACE);
    await runGc();
    await pullExact(gc.reg, image);
  });

  it('keeps an old blob that was uploaded again or mounted within the grace window', async () => {
    const again = randomBytes(1500);
    const mounted = randomBytes(1600);
    await gc.reg.pushBlob('gc/a', again);
    await gc.reg.pushBlob('gc/a', mounted);
    gc.age(PAST_GRACE);
    await gc.reg.pushBlob('gc/a', again);
    const mount = await gc.reg.fetch(`/v2/gc/b/blobs/uploads/?mount=${digestOf(mounted)}&from=gc/a`, { method: 'POST' });
    assert.equal(mount.status, 201);
    const report = await runGc();
    assert.ok(!report.digests.includes(digestOf(again)) && !report.digests.includes(digestOf(mounted)));
    const a = await pushLayers(gc.reg, 'gc/a', [again], 'again');
    const b = await pushLayers(gc.reg, 'gc/b', [mounted], 'mounted');
    gc.age(PAST_GRACE);
    await runGc();
    await pullExact(gc.reg, a);
    await pullExact(gc.reg, b);
  });

  it('keeps a blob shared by two repositories until the last manifest referencing it is deleted', async () => {
    const shared = randomBytes(5000);
    const inA = await pushLayers(gc.reg, 'gc/a', [shared, randomBytes(300)], 'shared');
    const mount = await gc.reg.fetch(`/v2/gc/c/blobs/uploads/?mount=${digestOf(shared)}&from=gc/a`, { method: 'POST' });
    assert.equal(mount.status, 201);
    const inC = await pushLayers(gc.reg, 'gc/c', [shared], 'shared');
    gc.age(PAST_GRACE);
    assert.ok(!(await runGc()).digests.includes(digestOf(shared)));

    await deleteImage(gc.reg, inA);
    gc.age(PAST_GRACE);
    const first = await runGc();
    assert.ok(!first.digests.includes(digestOf(shared)));
    assert.ok(first.digests.includes(inA.digest), 'the deleted manifest\'s own blob goes');
    for (const digest of inA.blobs.keys()) {
      if (digest !== digestOf(shared)) await assertCollected(gc, 'gc/a', digest);
    }
    await pullExact(gc.reg, inC);

    await deleteImage(gc.reg, inC);
    gc.age(PAST_GRACE);
    const last = await runGc();
    assert.ok(last.digests.includes(digestOf(shared)));
    for (const digest of [...inC.blobs.keys(), inC.digest]) await assertCollected(gc, 'gc/c', digest);
    assert.equal((await gc.reg.fetch(`/v2/gc/a/blobs/${digestOf(shared)}`)).status, 404);
  });

  it('removes a blob file that has no row (a crash between rename and commit) once it is old', async () => {
    const digest = digestOf(randomBytes(32));
    const path = blobFile(gc.server.dataDir, digest);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, Buffer.alloc(64));
    utimesSync(path, gc.now(), gc.now()); // written "now" by the server's (moved) clock: young
    assert.ok(!(await runGc()).digests.includes(digest));
    assert.ok(existsSync(path));
    utimesSync(path, new Date(), new Date());
    gc.age(PAST_GRACE);
    const report = await runGc();
    assert.ok(report.digests.includes(digest));
    assert.ok(report.orphans >= 1);
    assert.equal(existsSync(path), false);
  });

  it('takes the same layer from several clients at once, to one and to different repositories, while GC runs', async () => {
    const bytes = randomBytes(256 * 1024);
    const digest = digestOf(bytes);
    for (let round = 0; round < 8; round++) {
      gc.age(PAST_GRACE); // every earlier copy is now unreferenced and old: GC wants it
      const pushes = ['gc/a', 'gc/a', 'gc/b', 'gc/c'].map((repo) => gc.reg.pushBlob(repo, bytes));
      await Promise.all([runGc(), ...pushes]);
      for (const repo of ['gc/a', 'gc/b', 'gc/c']) {
        const res = await gc.reg.fetch(`/v2/${repo}/blobs/${digest}`);
        assert.equal(res.status, 200, `round ${round}: ${repo} answered ${res.status}`);
        assert.ok(Buffer.from(await res.arrayBuffer()).equals(bytes));
      }
      assert.ok(!(await runGc()).digests.includes(digest), 'just pushed: kept');
    }
  });
});

describe('registry garbage collection under load', () => {
  const IMAGES = 30;
  const WORKERS = 3;
  const STEP = 5 * MINUTE; // per GC pass; the grace window is an hour, so a blob ages out in 12 passes
  const MAX_AGING_PASSES = 90; // the clock stays within the login token's 12 hours
  let gc: GcServer;
  before(async () => {
    gc = await startGcServer(60 * MINUTE);
    for (let w = 0; w < WORKERS; w++) await createRepository(gc.server, { repositoryName: `load/w${w}` });
  });
  after(async () => gc.server.stop());

  it('never loses anything a tagged image references while clients push, pull and delete and GC keeps running', async (t) => {
    const base = randomBytes(8 * 1024); // in every image, every repository
    const recycled = Array.from({ length: 4 }, () => randomBytes(3 * 1024)); // referenced, dropped, pushed again
    const kept: PushedImage[] = [];
    const deleted: PushedImage[] = [];
    const unique = new Map<PushedImage, string>();
    let next = 0;
    let retries = 0;

    const pushWithRetry = async (repo: string, i: number): Promise<PushedImage> => {
      const own = randomBytes(1024 + ((i * 977) % 16_000));
      for (let attempt = 0; ; attempt++) {
        try {
          const image = await pushLayers(gc.reg, repo, [base, recycled[i % recycled.length] ?? base, own], `img-${i}`);
          unique.set(image, digestOf(own));
          return image;
        } catch (err) {
          // A push slower than the grace window (12 GC passes here) may lose its layers: push again.
          if (attempt >= 5 || !String(err).includes('MANIFEST_BLOB_UNKNOWN')) throw err;
          retries += 1;
        }
      }
    };
    const worker = async (w: number) => {
      for (let i = next++; i < IMAGES; i = next++) {
        const image = await pushWithRetry(`load/w${w}`, i);
        await pullExact(gc.reg, image);
        if (i % 3 === 0) {
          kept.push(image);
        } else {
          await deleteImage(gc.reg, image);
          deleted.push(image);
        }
        const other = kept[(i * 7) % Math.max(kept.length, 1)];
        if (other) await pullExact(gc.reg, other);
      }
    };

    let done = false;
    let passes = 0;
    let removedWhileLoaded = 0;
    const collector = (async () => {
      while (!done) {
        if (passes < MAX_AGING_PASSES) gc.age(STEP);
        passes += 1;
        removedWhileLoaded += (await gc.server.jobs.gc.runOnce()).removed;
        await new Promise((resolve) => setTimeout(resolve, 3));
      }
    })();
    try {
      await Promise.all(Array.from({ length: WORKERS }, (_, w) => worker(w)));
    } finally {
      done = true;
      await collector;
    }
    t.diagnostic(`${passes} GC passes removed ${removedWhileLoaded} blobs during the load; ${retries} pushes were retried`);

    gc.age(2 * 60 * MINUTE);
    await gc.server.jobs.gc.runOnce();
    assert.equal(kept.length, IMAGES / 3);
    for (const image of kept) await pullExact(gc.reg, image);
    for (const image of deleted) {
      await assertCollected(gc, image.repo, unique.get(image) ?? '');
      assert.equal(existsSync(blobFile(gc.server.dataDir, image.digest)), false);
    }
    assert.ok(existsSync(blobFile(gc.server.dataDir, digestOf(base))));
  });
});
