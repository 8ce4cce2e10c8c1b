// What a scan reads out of an image: the OS release and the installed packages.

export type Ecosystem = 'Debian' | 'Alpine';

export interface OsRelease {
  /** `ID` from os-release, e.g. `debian`, `alpine`. */
  id: string;
  /** `VERSION_ID`, e.g. `12` or `3.19.1`; empty when the release has none (Debian testing). */
  versionId: string;
  /** `VERSION_CODENAME`, e.g. `bookworm`; empty when absent. */
  codename: string;
}

export interface InstalledPackage {
  name: string;
  version: string;
  ecosystem: Ecosystem;
  /** The source package (dpkg `Source:`, apk origin `o:`) when it differs from `name`. */
  source?: string;
  /** The source package's version when dpkg records one (`Source: openssl (3.0.11-1)`). */
  sourceVersion?: string;
}

export interface Inventory {
  os?: OsRelease;
  packages: InstalledPackage[];
  /** Which package databases were found (empty for an image without a package manager). */
  databases: PackageDatabase[];
}

export type PackageDatabase = 'dpkg' | 'apk';
