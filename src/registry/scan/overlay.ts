// The union filesystem of an image's layers, restricted to the few files a scan cares about.
// Pure: the caller feeds it each layer's entries in order and it applies OCI/AUFS whiteout rules
// (https://github.com/opencontainers/image-spec/blob/main/layer.md#whiteouts):
// `.wh.<name>` hides <name> (and all under it) in lower layers, `.wh..wh..opq` hides everything a
// lower layer put in its directory, and an entry of the layer itself is never hidden by them.
import { posix } from 'node:path';

export type Node =
  | { kind: 'file'; data: Buffer }
  | { kind: 'symlink'; target: string }
  | { kind: 'hardlink'; target: string };

const WHITEOUT = '.wh.';
const OPAQUE = '.wh..wh..opq';
const MAX_LINK_HOPS = 8;

/** `./var//lib/` → `var/lib`; the root is ``. */
export function normalizePath(name: string): string {
  const p = posix.normalize(`/${name}`).replace(/\/+$/, '');
  return p.replace(/^\/+/, '');
}

export class Overlay {
  private readonly files = new Map<string, Node>();
  private layer: LayerChanges | undefined;

  beginLayer(): void {
    const ancestors = new Set<string>();
    for (const path of this.files.keys()) {
      for (let dir = posix.dirname(path); dir !== '.'; dir = posix.dirname(dir)) ancestors.add(dir);
    }
    this.layer = { hidden: [], added: new Map(), lowerAncestors: ancestors };
  }

  /**
   * Records one tar entry of the current layer. Returns true when the entry is a whiteout, so the
   * caller need not look at it further. `node` is given only for the paths the caller tracks.
   */
  entry(path: string, isDirectory: boolean, node?: Node): boolean {
    const layer = this.current();
    const dir = posix.dirname(path);
    const base = posix.basename(path);
    const parent = dir === '.' ? '' : dir;
    if (base === OPAQUE) {
      layer.hidden.push({ path: parent, self: false });
      return true;
    }
    if (base.startsWith(WHITEOUT)) {
      // `.wh..wh.*` other than the opaque marker are AUFS bookkeeping (e.g. `.wh..wh.plnk`).
      if (!base.startsWith(`${WHITEOUT}${WHITEOUT}`)) {
        const target = base.slice(WHITEOUT.length);
        layer.hidden.push({ path: parent ? `${parent}/${target}` : target, self: true });
      }
      return true;
    }
    if (isDirectory) {
      // A directory replaces a lower file of the same name.
      if (this.files.has(path)) layer.hidden.push({ path, self: true });
    } else {
      // A file, link or device replaces a lower directory of the same name and all it held.
      if (layer.lowerAncestors.has(path)) layer.hidden.push({ path, self: false });
      if (node) layer.added.set(path, node);
      else if (this.files.has(path)) layer.hidden.push({ path, self: true });
    }
    return false;
  }

  /** Applies the current layer on top of the ones below it. */
  commitLayer(): void {
    const layer = this.current();
    for (const { path, self } of layer.hidden) {
      const prefix = path === '' ? '' : `${path}/`;
      for (const key of [...this.files.keys()]) {
        if ((self && key === path) || key.startsWith(prefix)) this.files.delete(key);
      }
    }
    for (const [path, node] of layer.added) this.files.set(path, node);
    this.layer = undefined;
  }

  /** The file at `path`, following symbolic and hard links among the tracked paths. */
  read(path: string): Buffer | undefined {
    let current = normalizePath(path);
    for (let hop = 0; hop <= MAX_LINK_HOPS; hop++) {
      const node = this.files.get(current);
      if (!node) return undefined;
      if (node.kind === 'file') return node.data;
      current = node.kind === 'hardlink' || node.target.startsWith('/')
        ? normalizePath(node.target)
        : normalizePath(posix.join(posix.dirname(current), node.target));
    }
    return undefined;
  }

  /** Tracked paths directly inside `dir`, sorted. */
  list(dir: string): string[] {
    const prefix = `${normalizePath(dir)}/`;
    return [...this.files.keys()]
      .filter((k) => k.startsWith(prefix) && !k.slice(prefix.length).includes('/'))
      .sort();
  }

  private current(): LayerChanges {
    if (!this.layer) throw new Error('Overlay: beginLayer() was not called');
    return this.layer;
  }
}

interface LayerChanges {
  /** Paths hidden from lower layers: `self` hides the path itself too, not only what is below. */
  hidden: { path: string; self: boolean }[];
  added: Map<string, Node>;
  lowerAncestors: Set<string>;
}
