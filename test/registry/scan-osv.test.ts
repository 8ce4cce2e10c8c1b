// OSV feeds: loading and validation, range evaluation with each distribution's ordering,
// severity bands, and whole scans of layer tarballs producing ECR-shaped findings.
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import tar from 'tar-stream';
import { loadOsvFeed, NO_FEED_DESCRIPTION, OsvFeedError, scanImage, UNSUPPORTED_DESCRIPTION } from '../../src/registry/scan/index.js';
import { cvss2BaseScore, cvss3BaseScore } from '../../src/registry/scan/cvss.js';
import { ecosystemApplies, inRange } from '../../src/registry/scan/match.js';
import { compareDebian } from '../../src/registry/scan/version/index.js';

async function layer(files: Record<string, string>): Promise<Readable> {
  const pack = tar.pack();
  for (const [name, body] of Object.entries(files)) pack.entry({ name }, body);
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of pack) chunks.push(chunk as Buffer);
  return Readable.from([Buffer.concat(chunks)]);
}

const DEBIAN_12 = 'ID=debian\nVERSION_ID="12"\nVERSION_CODENAME=bookworm\n';
const STATUS = [
  'Package: libssl3\nStatus: install ok installed\nVersion: 3.0.11-1~deb12u2\nSource: openssl\n',
  'Package: openssl\nStatus: install ok installed\nVersion: 3.0.11-1~deb12u2\n',
  'Package: zlib1g\nStatus: install ok installed\nVersion: 1:1.2.13.dfsg-1\nSource: zlib\n',
  'Package: bash\nStatus: install ok installed\nVersion: 5.2.15-2+b2\n',
].join('\n');

const FEED = [
  {
    id: 'CVE-2024-0001', modified: '2024-03-01T00:00:00Z', summary: 'openssl: fixed in deb12u3',
    details: 'A flaw in openssl.', database_specific: { severity: 'high' },
    references: [{ type: 'WEB', url: 'https://example.test/a' }, { type: 'ADVISORY', url: 'https://security-tracker.debian.org/tracker/CVE-2024-0001' }],
    severity: [{ type: 'CVSS_V2', score: 'AV:N/AC:L/Au:N/C:P/I:P/A:P' }],
    affected: [{ package: { ecosystem: 'Debian:12', name: 'openssl' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '3.0.11-1~deb12u3' }] }] }],
  },
  {
    id: 'CVE-2024-0002', modified: '2024-04-02T00:00:00Z', summary: 'openssl on bullseye only',
    affected: [{ package: { ecosystem: 'Debian:11', name: 'openssl' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }] }] }],
  },
  {
    id: 'CVE-2023-0003', modified: '2023-01-01T00:00:00Z', details: 'zlib: epoch-aware range',
    severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }],
    affected: [{ package: { ecosystem: 'Debian', name: 'zlib' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '1:1.2.0' }, { last_affected: '1:1.2.13.dfsg-1' }] }] }],
  },
  {
    id: 'CVE-2023-0004', modified: '2023-01-01T00:00:00Z', summary: 'bash, already fixed',
    affected: [{ package: { ecosystem: 'Debian', name: 'bash' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '5.2.15-2' }] }] }],
  },
  {
    id: 'CVE-2023-0005', modified: '2023-01-01T00:00:00Z', summary: 'bash, listed version',
    affected: [{ package: { ecosystem: 'Debian', name: 'bash' }, versions: ['5.2.15-2+b2'] }],
  },
  {
    id: 'CVE-2023-0006', modified: '2023-01-01T00:00:00Z', summary: 'withdrawn', withdrawn: '2023-02-01T00:00:00Z',
    affected: [{ package: { ecosystem: 'Debian', name: 'bash' }, versions: ['5.2.15-2+b2'] }],
  },
];

describe('loadOsvFeed', () => {
  it('accepts a JSON array, newline-delimited JSON and a single record', () => {
    const feed = loadOsvFeed(JSON.stringify(FEED));
    assert.equal(feed.records.length, FEED.length);
    assert.deepEqual(feed.updatedAt, new Date('2024-04-02T00:00:00Z'));
    assert.equal(loadOsvFeed(FEED.map((r) => JSON.stringify(r)).join('\n') + '\n').records.length, FEED.length);
    assert.equal(loadOsvFeed(JSON.stringify(FEED[0], null, 2)).records[0]?.databaseSeverity, 'high');
    assert.deepEqual(loadOsvFeed('  \n').records, []);
  });

  it('rejects a bad record naming it and the field', () => {
    const bad = [FEED[0], { id: 'CVE-BAD', modified: 'x', affected: [{ package: { ecosystem: 'Debian', name: 'a' }, ranges: [{ type: 'ECOSYSTEM', events: [] }] }] }];
    assert.throws(() => loadOsvFeed(JSON.stringify(bad)), (err: Error) => {
      assert.ok(err instanceof OsvFeedError);
      assert.equal(err.message, 'OSV record 2 (CVE-BAD): affected[0].ranges[0].events must be a non-empty array');
      return true;
    });
    assert.throws(() => loadOsvFeed('{"id":"A","modified":"x"}\n{"modified":"x"}'), /OSV line 2: id must be a non-empty string/);
    assert.throws(() => loadOsvFeed('{"id":"A","modified":"x"}\nnot json'), /OSV feed line 2 is not valid JSON/);
    assert.throws(() => loadOsvFeed('[{"id":"A","modified":"x","affected":[{"ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"0","fixed":"1"}]}]}]}]'),
      /OSV record 1 \(A\): affected\[0\]\.ranges\[0\]\.events\[0\] must have exactly one of introduced, fixed, last_affected, limit/);
    assert.throws(() => loadOsvFeed('[{"id":"A"}]'), /OSV record 1 \(A\): modified must be a string/);
  });
});

describe('matching', () => {
  const range = (...events: object[]) => ({ type: 'ECOSYSTEM', events }) as Parameters<typeof inRange>[0];

  it('evaluates introduced / fixed / last_affected / limit as the OSV spec does', () => {
    const r = range({ introduced: '0' }, { fixed: '1.0-2' }, { introduced: '2.0-1' }, { last_affected: '2.1-1' });
    const affected = (v: string) => inRange(r, v, compareDebian);
    assert.equal(affected('0.9-1'), true);
    assert.equal(affected('1.0-1'), true);
    assert.equal(affected('1.0-2'), false);
    assert.equal(affected('1.5-1'), false);
    assert.equal(affected('2.0-1'), true);
    assert.equal(affected('2.1-1'), true);
    assert.equal(affected('2.1-1+b1'), false);
    assert.equal(affected('1:0.1'), false); // the epoch lifts it past every event
    const limited = range({ introduced: '1.0' }, { limit: '1.5' });
    assert.equal(inRange(limited, '1.4', compareDebian), true);
    assert.equal(inRange(limited, '1.6', compareDebian), false);
  });

  it('matches the release-qualified ecosystem against the detected OS', () => {
    const bookworm = { id: 'debian', versionId: '12', codename: 'bookworm' };
    assert.equal(ecosystemApplies('Debian', 'Debian', bookworm), true);
    assert.equal(ecosystemApplies('Debian:12', 'Debian', bookworm), true);
    assert.equal(ecosystemApplies('Debian:11', 'Debian', bookworm), false);
    assert.equal(ecosystemApplies('Debian:12', 'Debian', undefined), false);
    assert.equal(ecosystemApplies('Debian', 'Debian', { id: 'ubuntu', versionId: '22.04', codename: 'jammy' }), false);
    const alpine = { id: 'alpine', versionId: '3.19.1', codename: '' };
    assert.equal(ecosystemApplies('Alpine:v3.19', 'Alpine', alpine), true);
    assert.equal(ecosystemApplies('Alpine:v3.18', 'Alpine', alpine), false);
    assert.equal(ecosystemApplies('Alpine', 'Debian', alpine), false);
  });
});

describe('severity', () => {
  it('computes CVSS base scores from vectors', () => {
    assert.equal(cvss3BaseScore('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H'), 9.8);
    assert.equal(cvss3BaseScore('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H'), 10);
    assert.equal(cvss3BaseScore('CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N'), 6.1);
    assert.equal(cvss3BaseScore('CVSS:3.0/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:N/A:N'), 5.5);
    assert.equal(cvss3BaseScore('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N'), 0);
    assert.equal(cvss2BaseScore('AV:N/AC:L/Au:N/C:P/I:P/A:P'), 7.5);
    assert.equal(cvss2BaseScore('AV:N/AC:M/Au:N/C:N/I:P/A:N'), 4.3);
    assert.equal(cvss2BaseScore('AV:N/AC:L/Au:N/C:C/I:C/A:C'), 10);
    assert.equal(cvss3BaseScore('AV:N/AC:L'), undefined);
  });
});

describe('scanImage', () => {
  it('reports ECR-shaped findings and severity counts for a Debian image', async () => {
    const feed = loadOsvFeed(JSON.stringify(FEED));
    const layers = [await layer({ 'etc/os-release': DEBIAN_12 }), await layer({ 'var/lib/dpkg/status': STATUS })];
    const result = await scanImage({ layers, feed });
    assert.equal(result.status, 'COMPLETE');
    assert.equal(result.description, 'The scan was completed successfully.');
    assert.equal(result.packageCount, 4);
    assert.deepEqual(result.os, { id: 'debian', versionId: '12', codename: 'bookworm' });
    const summary = result.findings.map((f) => `${f.severity} ${f.name} ${f.attributes[1]?.value}`);
    assert.deepEqual(summary, [
      'CRITICAL CVE-2023-0003 zlib1g', // CVSS 3.1 9.8
      'HIGH CVE-2024-0001 libssl3', // database_specific.severity wins over CVSS v2 7.5; matched by Source
      'HIGH CVE-2024-0001 openssl',
      'UNDEFINED CVE-2023-0005 bash',
    ]);
    assert.deepEqual(result.findingSeverityCounts, { CRITICAL: 1, HIGH: 2, UNDEFINED: 1 });
    assert.deepEqual(result.findings[1], {
      name: 'CVE-2024-0001',
      description: 'A flaw in openssl.',
      uri: 'https://security-tracker.debian.org/tracker/CVE-2024-0001',
      severity: 'HIGH',
      attributes: [
        { key: 'package_version', value: '3.0.11-1~deb12u2' },
        { key: 'package_name', value: 'libssl3' },
        { key: 'CVSS2_VECTOR', value: 'AV:N/AC:L/Au:N/C:P/I:P/A:P' },
        { key: 'CVSS2_SCORE', value: '7.5' },
      ],
    });
  });

  it('matches Alpine packages by name or origin with apk ordering', async () => {
    const feed = loadOsvFeed([
      JSON.stringify({ id: 'ALPINE-1', modified: '2024-01-01T00:00:00Z', severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N' }],
        affected: [{ package: { ecosystem: 'Alpine:v3.19', name: 'busybox' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '1.36.1-r16' }] }] }] }),
      JSON.stringify({ id: 'ALPINE-2', modified: '2024-01-01T00:00:00Z', database_specific: { severity: 'Moderate' },
        affected: [{ package: { ecosystem: 'Alpine:v3.19', name: 'musl' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '1.2.4_git20230717-r4' }] }] }] }),
      JSON.stringify({ id: 'ALPINE-3', modified: '2024-01-01T00:00:00Z', database_specific: { severity: 'low' },
        affected: [{ package: { ecosystem: 'Alpine:v3.19', name: 'ssl_client' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '1.36.1_rc1-r0' }] }] }] }),
    ].join('\n'));
    const layers = [await layer({
      'etc/os-release': 'NAME="Alpine Linux"\nID=alpine\nVERSION_ID=3.19.1\n',
      'lib/apk/db/installed': 'P:musl\nV:1.2.4_git20230717-r4\no:musl\n\nP:busybox-binsh\nV:1.36.1-r15\no:busybox\n\nP:ssl_client\nV:1.36.1-r15\no:busybox\n',
    })];
    const result = await scanImage({ layers, feed });
    assert.deepEqual(result.findings.map((f) => `${f.severity} ${f.name} ${f.attributes[1]?.value}`), [
      'MEDIUM ALPINE-1 busybox-binsh',
      'MEDIUM ALPINE-1 ssl_client',
      'LOW ALPINE-3 ssl_client',
    ]);
    assert.deepEqual(result.findingSeverityCounts, { MEDIUM: 2, LOW: 1 });
    assert.equal(result.findings[0]?.uri, 'https://osv.dev/vulnerability/ALPINE-1');
  });

  it('completes with no findings and says why when no feed is loaded', async () => {
    const result = await scanImage({ layers: [await layer({ 'var/lib/dpkg/status': STATUS })], feed: undefined });
    assert.equal(result.status, 'COMPLETE');
    assert.equal(result.description, NO_FEED_DESCRIPTION);
    assert.match(result.description, /no vulnerability feed is loaded/);
    assert.deepEqual(result.findings, []);
    assert.deepEqual(result.findingSeverityCounts, {});
    assert.equal(result.packageCount, 4);
  });

  it('fails as ECR does for an image without a supported package manager', async () => {
    const result = await scanImage({ layers: [await layer({ 'bin/busybox': 'ELF' })], feed: loadOsvFeed('[]') });
    assert.equal(result.status, 'FAILED');
    assert.equal(result.description, UNSUPPORTED_DESCRIPTION);
  });
});
