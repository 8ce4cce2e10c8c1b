// Reading a pushed manifest: which of the four kinds it is, and what it references. Pure.
import { z } from 'zod';
import { RegistryError } from './errors.js';
import { isSha256Digest } from './names.js';

export const MEDIA_TYPES = {
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociIndex: 'application/vnd.oci.image.index.v1+json',
} as const;

const IMAGE_TYPES: ReadonlySet<string> = new Set([MEDIA_TYPES.dockerManifest, MEDIA_TYPES.ociManifest]);
const INDEX_TYPES: ReadonlySet<string> = new Set([MEDIA_TYPES.dockerList, MEDIA_TYPES.ociIndex]);
export const MANIFEST_TYPES: ReadonlySet<string> = new Set([...IMAGE_TYPES, ...INDEX_TYPES]);

/** Largest manifest accepted, as the OCI spec suggests. */
export const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

const descriptor = z.object({
  mediaType: z.string().min(1),
  digest: z.string().refine(isSha256Digest, 'digest must be sha256:<64 hex>'),
  size: z.number().int().nonnegative(),
  urls: z.array(z.string()).optional(),
  annotations: z.record(z.string(), z.string()).optional(),
  artifactType: z.string().optional(),
  platform: z.record(z.string(), z.unknown()).optional(),
});

const common = {
  schemaVersion: z.literal(2),
  mediaType: z.string().optional(),
  subject: descriptor.optional(),
  artifactType: z.string().optional(),
  annotations: z.record(z.string(), z.string()).optional(),
};
const imageManifest = z.object({ ...common, config: descriptor, layers: z.array(descriptor) });
const indexManifest = z.object({ ...common, manifests: z.array(descriptor) });

export interface ParsedManifest {
  mediaType: string;
  blobs: string[];
  manifests: string[];
  subject?: string;
  /** artifactType, or for an image manifest without one its config's media type (for referrers). */
  artifactType?: string;
  annotations?: Record<string, string>;
}

function invalid(message: string, detail: unknown = {}): RegistryError {
  return new RegistryError('MANIFEST_INVALID', message, detail);
}

function baseType(contentType: string | undefined): string | undefined {
  const t = contentType?.split(';')[0]?.trim().toLowerCase();
  return t ? t : undefined;
}

export function parseManifest(bytes: Buffer, contentType: string | undefined): ParsedManifest {
  let doc: unknown;
  try {
    doc = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw invalid('manifest invalid: the body is not JSON');
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw invalid('manifest invalid: the body is not a JSON object');
  const declared = 'mediaType' in doc && typeof doc.mediaType === 'string' ? doc.mediaType : undefined;
  const header = baseType(contentType);
  if (declared && header && MANIFEST_TYPES.has(header) && declared !== header) {
    throw invalid(`manifest invalid: mediaType ${declared} does not match Content-Type ${header}`);
  }
  const mediaType = declared ?? (header && MANIFEST_TYPES.has(header) ? header : 'manifests' in doc ? MEDIA_TYPES.ociIndex : MEDIA_TYPES.ociManifest);
  if (!MANIFEST_TYPES.has(mediaType)) throw invalid(`manifest invalid: unsupported media type ${mediaType}`);

  if (IMAGE_TYPES.has(mediaType)) {
    const m = imageManifest.safeParse(doc);
    if (!m.success) throw invalid(`manifest invalid: ${describe(m.error)}`);
    const layers = m.data.layers.filter((l) => !l.urls?.length);
    return withOptional({
      mediaType,
      blobs: [m.data.config.digest, ...layers.map((l) => l.digest)],
      manifests: [],
    }, m.data.subject?.digest, m.data.artifactType ?? m.data.config.mediaType, m.data.annotations);
  }
  const m = indexManifest.safeParse(doc);
  if (!m.success) throw invalid(`manifest invalid: ${describe(m.error)}`);
  return withOptional({ mediaType, blobs: [], manifests: m.data.manifests.map((d) => d.digest) },
    m.data.subject?.digest, m.data.artifactType, m.data.annotations);
}

function withOptional(p: ParsedManifest, subject?: string, artifactType?: string, annotations?: Record<string, string>): ParsedManifest {
  return {
    ...p,
    ...(subject ? { subject } : {}),
    ...(artifactType ? { artifactType } : {}),
    ...(annotations ? { annotations } : {}),
  };
}

function describe(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.map(String).join('.') || 'manifest'}: ${issue.message}` : 'wrong shape';
}

/** Whether a client's Accept header admits `mediaType` (no header, or a wildcard, admits all). */
export function accepts(accept: string | undefined, mediaType: string): boolean {
  if (!accept) return true;
  const types = accept.split(',').map((t) => baseType(t)).filter((t): t is string => Boolean(t));
  if (types.length === 0) return true;
  return types.some((t) => t === mediaType || t === '*/*' || t === 'application/*' || !MANIFEST_TYPES.has(t) && t.endsWith('/json'));
}
