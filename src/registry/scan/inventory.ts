// The packages installed in an image: walk its layers bottom to top through the whiteout model,
// keeping only the package databases and os-release, then parse what is left at the top.
import { parseApkInstalled } from './apk.js';
import { parseDpkgStatus } from './dpkg.js';
import { tarEntries, type LayerSource } from './layers.js';
import { parseOsRelease } from './osRelease.js';
import { Overlay, type Node } from './overlay.js';
import type { InstalledPackage, Inventory, PackageDatabase } from './types.js';

const DPKG_STATUS = 'var/lib/dpkg/status';
const DPKG_STATUS_D = 'var/lib/dpkg/status.d';
// apk-tools 2 keeps its database under /lib; merged-/usr systems may only have the /usr copy.
const APK_INSTALLED = ['lib/apk/db/installed', 'usr/lib/apk/db/installed'];
const OS_RELEASE = ['etc/os-release', 'usr/lib/os-release'];
const TRACKED = new Set([DPKG_STATUS, ...APK_INSTALLED, ...OS_RELEASE]);

/** The largest tracked file a scan reads; a dpkg status of a big image is a few MB. */
export const MAX_DATABASE_BYTES = 64 * 1024 * 1024;

export function isTracked(path: string): boolean {
  if (TRACKED.has(path)) return true;
  if (!path.startsWith(`${DPKG_STATUS_D}/`)) return false;
  const name = path.slice(DPKG_STATUS_D.length + 1);
  return name !== '' && !name.includes('/') && !name.endsWith('.md5sums');
}

/**
 * Reads the layers in order (lowest first), one at a time, and returns what is installed in the
 * resulting filesystem. Each layer may be a gzip-compressed or plain tar.
 */
export async function inventory(layers: AsyncIterable<LayerSource> | Iterable<LayerSource>): Promise<Inventory> {
  const overlay = new Overlay();
  let index = 0;
  for await (const layer of layers) {
    overlay.beginLayer();
    for await (const entry of tarEntries(layer, index)) {
      const isDirectory = entry.type === 'directory';
      const tracked = !isDirectory && isTracked(entry.path);
      overlay.entry(entry.path, isDirectory, tracked ? await toNode(entry) : undefined);
    }
    overlay.commitLayer();
    index++;
  }
  return readDatabases(overlay);
}

async function toNode(entry: { type: string; linkname?: string; read(limit: number): Promise<Buffer> }): Promise<Node | undefined> {
  switch (entry.type) {
    case 'file':
    case 'contiguous-file':
      return { kind: 'file', data: await entry.read(MAX_DATABASE_BYTES) };
    case 'symlink':
      return entry.linkname ? { kind: 'symlink', target: entry.linkname } : undefined;
    case 'link':
      return entry.linkname ? { kind: 'hardlink', target: entry.linkname } : undefined;
    default:
      return undefined;
  }
}

/** Parses the package databases and os-release left in the merged filesystem. Pure. */
export function readDatabases(overlay: Overlay): Inventory {
  const packages: InstalledPackage[] = [];
  const databases: PackageDatabase[] = [];
  const status = overlay.read(DPKG_STATUS);
  const statusD = overlay.list(DPKG_STATUS_D).filter(isTracked);
  if (status !== undefined || statusD.length > 0) databases.push('dpkg');
  if (status !== undefined) packages.push(...parseDpkgStatus(status.toString('utf8')));
  for (const path of statusD) {
    const data = overlay.read(path);
    if (data) packages.push(...parseDpkgStatus(data.toString('utf8'), { statusOptional: true }));
  }
  const apk = firstFile(overlay, APK_INSTALLED);
  if (apk !== undefined) {
    databases.push('apk');
    packages.push(...parseApkInstalled(apk.toString('utf8')));
  }
  const osRelease = firstFile(overlay, OS_RELEASE);
  const os = osRelease === undefined ? undefined : parseOsRelease(osRelease.toString('utf8'));
  return { ...(os ? { os } : {}), packages: dedupe(packages), databases };
}

function firstFile(overlay: Overlay, paths: string[]): Buffer | undefined {
  for (const path of paths) {
    const data = overlay.read(path);
    if (data !== undefined) return data;
  }
  return undefined;
}

/** A package listed in both `status` and `status.d/` counts once. */
function dedupe(packages: InstalledPackage[]): InstalledPackage[] {
  const seen = new Map<string, InstalledPackage>();
  for (const p of packages) seen.set(`${p.ecosystem}\0${p.name}\0${p.version}`, p);
  return [...seen.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
