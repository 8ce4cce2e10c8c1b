// The OCI manifest endpoints over HTTP: push and fetch of the four manifest kinds byte-exact,
// their errors, tags with pagination, the catalog, and the referrers API.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { createRepository, digestOf, registryClient, registryLogin, type RegistryClient } from '../helpers/registry.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
const DOCKER_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json';
const DOCKER_LIST = 'application/vnd.docker.distribution.manifest.list.v2+json';

async function code(res: Response): Promise<string> {
  return ((await res.json()) as { errors: Array<{ code: string }> }).errors[0]?.code ?? '';
}

describe('registry manifests, tags, catalog and referrers', () => {
  let server: TestServer;
  let r: RegistryClient;
  let config: { mediaType: string; digest: string; size: number };
  let layer: { mediaType: string; digest: string; size: number };

  const image = (extra: Record<string, unknown> = {}, mediaType = OCI_MANIFEST) => ({
    schemaVersion: 2, mediaType, config, layers: [layer], ...extra,
  });

  before(async () => {
    server = await startTestServer();
    r = registryClient(server.url, (await registryLogin(server)).authorization);
    await createRepository(server, { repositoryName: 'app' });
    await createRepository(server, { repositoryName: 'team/web' });
    const configBytes = Buffer.from('{"architecture":"amd64","os":"linux"}');
    const layerBytes = randomBytes(2048);
    config = { mediaType: 'application/vnd.oci.image.config.v1+json', digest: await r.pushBlob('app', configBytes), size: configBytes.length };
    layer = { mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: await r.pushBlob('app', layerBytes), size: layerBytes.length };
  });
  after(async () => server.stop());

  it('stores each manifest kind byte-exact and serves it with its media type and digest', async () => {
    // Odd spacing: the registry must keep the bytes, not re-serialise.
    const oci = JSON.stringify(image(), null, 3);
    const docker = JSON.stringify(image({}, DOCKER_MANIFEST), null, 1);
    assert.equal((await r.putManifest('app', 'oci', oci, OCI_MANIFEST)).status, 201);
    assert.equal((await r.putManifest('app', 'docker', docker, DOCKER_MANIFEST)).status, 201);
    const child = { mediaType: OCI_MANIFEST, digest: digestOf(oci), size: Buffer.byteLength(oci), platform: { architecture: 'amd64', os: 'linux' } };
    const dchild = { ...child, mediaType: DOCKER_MANIFEST, digest: digestOf(docker), size: Buffer.byteLength(docker) };
    const index = JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests: [child] });
    const list = JSON.stringify({ schemaVersion: 2, mediaType: DOCKER_LIST, manifests: [dchild] });
    assert.equal((await r.putManifest('app', 'index', index, OCI_INDEX)).status, 201);
    assert.equal((await r.putManifest('app', 'list', list, DOCKER_LIST)).status, 201);
    for (const [tag, text, type] of [['oci', oci, OCI_MANIFEST], ['docker', docker, DOCKER_MANIFEST], ['index', index, OCI_INDEX], ['list', list, DOCKER_LIST]] as const) {
      for (const ref of [tag, digestOf(text)]) {
        const res = await r.fetch(`/v2/app/manifests/${ref}`, { headers: { accept: type } });
        assert.equal(res.status, 200);
        assert.equal(res.headers.get('content-type'), type);
        assert.equal(res.headers.get('docker-content-digest'), digestOf(text));
        assert.equal(await res.text(), text);
      }
      const head = await r.fetch(`/v2/app/manifests/${tag}`, { method: 'HEAD' });
      assert.equal(head.status, 200);
      assert.equal(head.headers.get('content-length'), String(Buffer.byteLength(text)));
    }
  });

  it('answers MANIFEST_UNKNOWN when the Accept header rules out the stored type', async () => {
    const res = await r.fetch('/v2/app/manifests/index', { headers: { accept: DOCKER_MANIFEST } });
    assert.equal(res.status, 404);
    assert.equal(await code(res), 'MANIFEST_UNKNOWN');
  });

  it('pushes by digest, and rejects a digest that does not match with DIGEST_INVALID', async () => {
    const text = JSON.stringify(image({ annotations: { n: 'by-digest' } }));
    assert.equal((await r.putManifest('app', digestOf(text), text, OCI_MANIFEST)).status, 201);
    const bad = await r.putManifest('app', digestOf('other'), text, OCI_MANIFEST);
    assert.equal(bad.status, 400);
    assert.equal(await code(bad), 'DIGEST_INVALID');
  });

  it('rejects manifests whose blobs or children are not in the repository with MANIFEST_BLOB_UNKNOWN', async () => {
    const missing = { ...layer, digest: digestOf('not pushed') };
    const res = await r.putManifest('app', 'broken', image({ layers: [missing] }), OCI_MANIFEST);
    assert.equal(res.status, 400);
    assert.equal(await code(res), 'MANIFEST_BLOB_UNKNOWN');
    // The blobs exist, but in another repository.
    const elsewhere = await r.putManifest('team/web', 'x', image(), OCI_MANIFEST);
    assert.equal(await code(elsewhere), 'MANIFEST_BLOB_UNKNOWN');
    const index = { schemaVersion: 2, mediaType: OCI_INDEX, manifests: [{ mediaType: OCI_MANIFEST, digest: digestOf('no manifest'), size: 10 }] };
    const child = await r.putManifest('app', 'broken-index', index, OCI_INDEX);
    assert.equal(child.status, 400);
    assert.equal(await code(child), 'MANIFEST_BLOB_UNKNOWN');
  });

  it('rejects invalid manifests with MANIFEST_INVALID and oversize ones with 413', async () => {
    for (const body of ['not json', '[]', JSON.stringify({ schemaVersion: 2, mediaType: OCI_MANIFEST, layers: [] })]) {
      const res = await r.putManifest('app', 'bad', body, OCI_MANIFEST);
      assert.equal(res.status, 400, body);
      assert.equal(await code(res), 'MANIFEST_INVALID');
    }
    const huge = JSON.stringify(image({ annotations: { pad: 'x'.repeat(4 * 1024 * 1024) } }));
    const res = await r.putManifest('app', 'huge', huge, OCI_MANIFEST);
    assert.equal(res.status, 413);
    assert.equal(await code(res), 'MANIFEST_INVALID');
  });

  it('answers MANIFEST_UNKNOWN for an unknown tag or digest', async () => {
    for (const ref of ['nope', digestOf('nope')]) {
      const res = await r.fetch(`/v2/app/manifests/${ref}`);
      assert.equal(res.status, 404);
      assert.equal(await code(res), 'MANIFEST_UNKNOWN');
    }
  });

  it('lists tags sorted, n at a time after last, with a Link to the next page', async () => {
    await r.pushBlob('team/web', Buffer.from('{"architecture":"amd64","os":"linux"}'));
    const text = JSON.stringify({ schemaVersion: 2, mediaType: OCI_MANIFEST, config, layers: [] });
    for (const tag of ['b', 'a', 'd', 'c', 'e']) assert.equal((await r.putManifest('team/web', tag, text, OCI_MANIFEST)).status, 201);
    const all = await r.fetch('/v2/team/web/tags/list');
    assert.deepEqual(await all.json(), { name: 'team/web', tags: ['a', 'b', 'c', 'd', 'e'] });
    const first = await r.fetch('/v2/team/web/tags/list?n=2');
    assert.deepEqual(((await first.json()) as { tags: string[] }).tags, ['a', 'b']);
    assert.equal(first.headers.get('link'), '</v2/team/web/tags/list?n=2&last=b>; rel="next"');
    const next = await r.fetch('/v2/team/web/tags/list?n=2&last=b');
    assert.deepEqual(((await next.json()) as { tags: string[] }).tags, ['c', 'd']);
    const end = await r.fetch('/v2/team/web/tags/list?n=2&last=d');
    assert.deepEqual(((await end.json()) as { tags: string[] }).tags, ['e']);
    assert.equal(end.headers.get('link'), null);
  });

  it('deletes a tag, then a manifest by digest with its remaining tags', async () => {
    const text = JSON.stringify(image({ annotations: { n: 'to-delete' } }));
    await r.putManifest('app', 'del1', text, OCI_MANIFEST);
    await r.putManifest('app', 'del2', text, OCI_MANIFEST);
    assert.equal((await r.fetch('/v2/app/manifests/del1', { method: 'DELETE' })).status, 202);
    assert.equal((await r.fetch('/v2/app/manifests/del1')).status, 404);
    assert.equal((await r.fetch('/v2/app/manifests/del2')).status, 200);
    assert.equal((await r.fetch(`/v2/app/manifests/${digestOf(text)}`, { method: 'DELETE' })).status, 202);
    assert.equal((await r.fetch('/v2/app/manifests/del2')).status, 404);
  });

  it('lists the catalog with n and last', async () => {
    const all = await r.fetch('/v2/_catalog');
    assert.deepEqual(await all.json(), { repositories: ['app', 'team/web'] });
    const first = await r.fetch('/v2/_catalog?n=1');
    assert.deepEqual(await first.json(), { repositories: ['app'] });
    assert.equal(first.headers.get('link'), '</v2/_catalog?n=1&last=app>; rel="next"');
    assert.deepEqual(await (await r.fetch('/v2/_catalog?n=1&last=app')).json(), { repositories: ['team/web'] });
  });

  it('answers referrers of a subject, filtered by artifactType, and OCI-Subject on push', async () => {
    const subjectText = JSON.stringify(image({ annotations: { n: 'subject' } }));
    await r.putManifest('app', 'subject', subjectText, OCI_MANIFEST);
    const subject = { mediaType: OCI_MANIFEST, digest: digestOf(subjectText), size: Buffer.byteLength(subjectText) };
    const empty = await r.pushBlob('app', Buffer.from('{}'));
    const emptyConfig = { mediaType: 'application/vnd.oci.empty.v1+json', digest: empty, size: 2 };
    const sig = JSON.stringify({ schemaVersion: 2, mediaType: OCI_MANIFEST, artifactType: 'application/vnd.example.sig', config: emptyConfig, layers: [layer], subject, annotations: { kind: 'sig' } });
    const sbom = JSON.stringify({ schemaVersion: 2, mediaType: OCI_MANIFEST, artifactType: 'application/vnd.example.sbom', config: emptyConfig, layers: [layer], subject });
    const put = await r.putManifest('app', digestOf(sig), sig, OCI_MANIFEST);
    assert.equal(put.status, 201);
    assert.equal(put.headers.get('oci-subject'), subject.digest);
    await r.putManifest('app', digestOf(sbom), sbom, OCI_MANIFEST);

    const all = await r.fetch(`/v2/app/referrers/${subject.digest}`);
    assert.equal(all.status, 200);
    assert.equal(all.headers.get('content-type'), OCI_INDEX);
    assert.equal(all.headers.get('oci-filters-applied'), null);
    const index = (await all.json()) as { schemaVersion: number; mediaType: string; manifests: Array<{ digest: string; artifactType: string; annotations?: Record<string, string> }> };
    assert.equal(index.mediaType, OCI_INDEX);
    assert.deepEqual(index.manifests.map((m) => m.digest).sort(), [digestOf(sig), digestOf(sbom)].sort());
    assert.deepEqual(index.manifests.find((m) => m.digest === digestOf(sig))?.annotations, { kind: 'sig' });

    const filtered = await r.fetch(`/v2/app/referrers/${subject.digest}?artifactType=application/vnd.example.sbom`);
    assert.equal(filtered.headers.get('oci-filters-applied'), 'artifactType');
    const only = (await filtered.json()) as { manifests: Array<{ digest: string; artifactType: string }> };
    assert.deepEqual(only.manifests.map((m) => [m.digest, m.artifactType]), [[digestOf(sbom), 'application/vnd.example.sbom']]);

    const none = await r.fetch(`/v2/app/referrers/${digestOf('no referrers')}`);
    assert.equal(none.status, 200);
    assert.deepEqual(((await none.json()) as { manifests: unknown[] }).manifests, []);
  });
});
