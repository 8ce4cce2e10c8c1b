// The vulnerability feed the operator loads (`wharf registry import-vulns`): one OSV file at
// <dataDir>/vulns/feed.json, replaced atomically (temp file, fsync, rename), and re-read by the
// scanner whenever the file it finds is not the one it last parsed.
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { FeedIndex, loadOsvFeed, type OsvFeed } from '../scan/index.js';

export function feedPath(dataDir: string): string {
  return join(dataDir, 'vulns', 'feed.json');
}

/**
 * Validates `text` as an OSV feed (throwing the loader's OsvFeedError when it is not one) and
 * only then installs it in place of the previous feed. Returns the parsed feed.
 */
export async function installFeed(dataDir: string, text: string): Promise<OsvFeed> {
  const feed = loadOsvFeed(text);
  const target = feedPath(dataDir);
  await mkdir(dirname(target), { recursive: true });
  const temp = `${target}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    const file = await open(temp, 'wx');
    try {
      await file.writeFile(text, 'utf8');
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temp, target);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
  const dir = await open(dirname(target), 'r');
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
  return feed;
}

export interface LoadedFeed {
  index: FeedIndex;
  records: number;
  updatedAt?: Date;
}

/** The installed feed, parsed once per version of the file (inode, size and mtime). */
export class FeedCache {
  private cached: { version: string; feed: LoadedFeed } | undefined;

  constructor(private readonly path: string) {}

  /** The current feed, or undefined when none is installed. A broken file throws. */
  async current(): Promise<LoadedFeed | undefined> {
    let version: string;
    try {
      const s = await stat(this.path);
      version = `${s.ino}:${s.size}:${s.mtimeMs}`;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
        this.cached = undefined;
        return undefined;
      }
      throw err;
    }
    if (this.cached?.version === version) return this.cached.feed;
    const feed = loadOsvFeed(await readFile(this.path, 'utf8'));
    const loaded: LoadedFeed = {
      index: new FeedIndex(feed),
      records: feed.records.length,
      ...(feed.updatedAt ? { updatedAt: feed.updatedAt } : {}),
    };
    this.cached = { version, feed: loaded };
    return loaded;
  }
}
