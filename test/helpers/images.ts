// Tiny test images made on this machine from Debian's static busybox, since no public image
// registry is reachable: a root filesystem with busybox and its applet links, imported into Docker.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const APPLETS = ['sh', 'echo', 'cat', 'sleep', 'ls', 'env', 'wget', 'httpd', 'nc', 'true', 'false'];

export function busyboxPath(): string {
  const found = ['/bin/busybox', '/usr/bin/busybox'].find((p) => existsSync(p));
  if (!found) throw new Error('busybox-static is not installed (apt-get install busybox-static)');
  return found;
}

/** Imports a busybox image under `tag` (if Docker does not have it yet) and returns the tag. */
export function ensureBusyboxImage(tag = 'wharf-test/busybox:latest'): string {
  try {
    execFileSync('docker', ['image', 'inspect', tag], { stdio: 'ignore' });
    return tag;
  } catch {
    // not there yet: build it below
  }
  const root = mkdtempSync(join(tmpdir(), 'wharf-busybox-'));
  try {
    mkdirSync(join(root, 'bin'));
    copyFileSync(busyboxPath(), join(root, 'bin/busybox'));
    for (const applet of APPLETS) symlinkSync('busybox', join(root, 'bin', applet));
    mkdirSync(join(root, 'tmp'));
    const tar = execFileSync('tar', ['-C', root, '-c', '.'], { maxBuffer: 64 * 1024 * 1024 });
    execFileSync('docker', ['import', '--change', 'CMD ["/bin/sh"]', '--change', 'ENV PATH=/bin', '-', tag], { input: tar, stdio: ['pipe', 'ignore', 'inherit'] });
    return tag;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
