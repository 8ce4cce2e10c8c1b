// Writes small OCI image layouts on disk (for skopeo's oci: transport): single images, and an
// index of per-platform images, each with one tar layer holding the given files.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import tar from 'tar-stream';
import { digestOf } from './registry.js';

export interface Platform {
  architecture: string;
  os: string;
}

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  platform?: Platform;
  annotations?: Record<string, string>;
}

async function tarOf(files: Record<string, string>): Promise<Buffer> {
  const pack = tar.pack();
  const parts: Buffer[] = [];
  pack.on('data', (d: unknown) => parts.push(d as Buffer));
  const done = new Promise<void>((resolve, reject) => pack.on('end', resolve).on('error', reject));
  for (const [name, content] of Object.entries(files)) pack.entry({ name, mtime: new Date(0) }, content);
  pack.finalize();
  await done;
  return Buffer.concat(parts);
}

export class OciLayout {
  constructor(readonly dir: string) {
    mkdirSync(join(dir, 'blobs', 'sha256'), { recursive: true });
    writeFileSync(join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  }

  private blob(mediaType: string, bytes: Buffer): Descriptor {
    const digest = digestOf(bytes);
    writeFileSync(join(this.dir, 'blobs', 'sha256', digest.slice(7)), bytes);
    return { mediaType, digest, size: bytes.length };
  }

  async image(files: Record<string, string>, platform: Platform = { architecture: 'amd64', os: 'linux' }): Promise<Descriptor> {
    const layerTar = await tarOf(files);
    const layer = this.blob('application/vnd.oci.image.layer.v1.tar+gzip', gzipSync(layerTar));
    const config = this.blob('application/vnd.oci.image.config.v1+json', Buffer.from(JSON.stringify({
      ...platform,
      config: {},
      rootfs: { type: 'layers', diff_ids: [digestOf(layerTar)] },
    })));
    const manifest = this.blob('application/vnd.oci.image.manifest.v1+json', Buffer.from(JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config,
      layers: [layer],
    })));
    return { ...manifest, platform };
  }

  index(manifests: Descriptor[]): Descriptor {
    return this.blob('application/vnd.oci.image.index.v1+json', Buffer.from(JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.index.v1+json',
      manifests,
    })));
  }

  /** Writes index.json naming each descriptor by its ref name. */
  refs(named: Record<string, Descriptor>): void {
    const manifests = Object.entries(named).map(([ref, d]) => ({
      mediaType: d.mediaType,
      digest: d.digest,
      size: d.size,
      annotations: { 'org.opencontainers.image.ref.name': ref },
    }));
    writeFileSync(join(this.dir, 'index.json'), JSON.stringify({ schemaVersion: 2, manifests }));
  }
}
