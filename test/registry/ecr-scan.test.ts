// Basic image scanning end to end: an OSV feed loaded with the real `wharf registry import-vulns`,
// images pushed with hand-made layers (a dpkg database, and a later layer whiting out a package),
// StartImageScan / DescribeImageScanFindings through @aws-sdk/client-ecr and the AWS CLI, and
// scan on push.
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import {
  DescribeImageScanFindingsCommand, PutImageScanningConfigurationCommand, StartImageScanCommand,
  type DescribeImageScanFindingsCommandOutput, type ECRClient, type ImageIdentifier,
} from '@aws-sdk/client-ecr';
import { getScanSummary } from '../../src/api/ecr/scanning.js';
import { NO_FEED_DESCRIPTION } from '../../src/registry/scan/index.js';
import { awsJson } from '../helpers/awsCli.js';
import { expectAwsError } from '../helpers/errors.js';
import { layer, pushImage, pushIndex } from '../helpers/ociPush.js';
import { createRepository, ecrClient, registryClient, registryLogin, type RegistryClient } from '../helpers/registry.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const ACCOUNT = '000000000000';
const ROOT = new URL('../..', import.meta.url).pathname;
const exec = promisify(execFile);

const OS_RELEASE = 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nVERSION_CODENAME=bookworm\nID=debian\n';
const dpkg = (name: string, version: string) => `Package: ${name}\nStatus: install ok installed\nVersion: ${version}\nDescription: ${name}\n`;

const FEED = [
  { id: 'CVE-2099-0001', modified: '2099-01-02T00:00:00Z', summary: 'openssl overflow', details: 'A buffer overflow in openssl.',
    affected: [{ package: { ecosystem: 'Debian:12', name: 'openssl' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '3.0.13-1' }] }] }],
    database_specific: { severity: 'high' }, references: [{ type: 'ADVISORY', url: 'https://security-tracker.debian.org/tracker/CVE-2099-0001' }] },
  { id: 'CVE-2099-0002', modified: '2099-03-04T05:06:07Z', summary: 'openssl timing',
    affected: [{ package: { ecosystem: 'Debian', name: 'openssl' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '3.0.0' }, { fixed: '3.0.12-1' }] }] }],
    database_specific: { severity: 'medium' } },
  // curl is whited out by the image's second layer; zlib1g is fixed in the installed version.
  { id: 'CVE-2099-0003', modified: '2099-01-01T00:00:00Z', affected: [{ package: { ecosystem: 'Debian', name: 'curl' }, versions: ['7.88.1-10'] }] },
  { id: 'CVE-2099-0004', modified: '2099-01-01T00:00:00Z', affected: [{ package: { ecosystem: 'Debian', name: 'zlib1g' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '1:1.2.13' }] }] }] },
];

async function imageLayers(): Promise<Buffer[]> {
  return [
    await layer([
      { name: 'etc/os-release', body: OS_RELEASE },
      { name: 'var/lib/dpkg/status', body: [dpkg('openssl', '3.0.11-1'), dpkg('zlib1g', '1:1.2.13.dfsg-1')].join('\n') },
      { name: 'var/lib/dpkg/status.d/curl', body: dpkg('curl', '7.88.1-10') },
    ]),
    await layer([{ name: 'var/lib/dpkg/status.d/.wh.curl', body: '' }]),
  ];
}

describe('ECR basic image scanning', () => {
  let server: TestServer;
  let ecr: ECRClient;
  let reg: RegistryClient;
  let work: string;

  const importVulns = (file: string) => exec('node', [join(ROOT, 'bin/wharf.js'), 'registry', 'import-vulns', file, '--data-dir', server.dataDir])
    .then(({ stdout, stderr }) => ({ code: 0, stdout, stderr }), (e: { code?: number; stdout?: string; stderr?: string }) => ({ code: e.code ?? 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' }));

  async function scanned(repositoryName: string, imageId: ImageIdentifier): Promise<DescribeImageScanFindingsCommandOutput> {
    for (let i = 0; i < 200; i += 1) {
      const out = await ecr.send(new DescribeImageScanFindingsCommand({ repositoryName, imageId }));
      if (out.imageScanStatus?.status !== 'IN_PROGRESS') return out;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('the scan did not finish');
  }

  before(async () => {
    execFileSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'inherit' });
    work = mkdtempSync(join(tmpdir(), 'wharf-scan-'));
    server = await startTestServer({ registryJobs: { scanPollMs: 50 } });
    ecr = ecrClient(server);
    reg = registryClient(server.url, (await registryLogin(server)).authorization);
    await createRepository(server, { repositoryName: 'scanme' });
  });
  after(async () => {
    await server.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it('has no scan for a new image, and no image for a missing tag', async () => {
    await pushImage(reg, 'scanme', await imageLayers(), 'v0');
    await expectAwsError(ecr.send(new DescribeImageScanFindingsCommand({ repositoryName: 'scanme', imageId: { imageTag: 'v0' } })), {
      name: 'ScanNotFoundException',
      message: `Image scan does not exist for the image with '{imageDigest:'null', imageTag:'v0'}' in the repository with name 'scanme' in the registry with id '${ACCOUNT}'`,
    });
    await expectAwsError(ecr.send(new StartImageScanCommand({ repositoryName: 'scanme', imageId: { imageTag: 'missing' } })), {
      name: 'ImageNotFoundException',
      message: `The image with imageId {imageDigest:'null', imageTag:'missing'} does not exist within the repository with name 'scanme' in the registry with id '${ACCOUNT}'`,
    });
    await expectAwsError(ecr.send(new StartImageScanCommand({ repositoryName: 'nope', imageId: { imageTag: 'v0' } })), { name: 'RepositoryNotFoundException' });
  });

  it('completes with no findings, and says why, when no feed is loaded; a second scan hits the quota', async () => {
    const { digest } = await pushImage(reg, 'scanme', await imageLayers(), 'nofeed');
    const started = await ecr.send(new StartImageScanCommand({ repositoryName: 'scanme', imageId: { imageTag: 'nofeed' } }));
    assert.equal(started.imageScanStatus?.status, 'IN_PROGRESS');
    assert.deepEqual(started.imageId, { imageDigest: digest, imageTag: 'nofeed' });
    const out = await scanned('scanme', { imageTag: 'nofeed' });
    assert.equal(out.imageScanStatus?.status, 'COMPLETE');
    assert.equal(out.imageScanStatus?.description, NO_FEED_DESCRIPTION);
    assert.deepEqual(out.imageScanFindings?.findings, []);
    assert.deepEqual(out.imageScanFindings?.findingSeverityCounts, {});
    assert.ok(out.imageScanFindings?.imageScanCompletedAt);
    await expectAwsError(ecr.send(new StartImageScanCommand({ repositoryName: 'scanme', imageId: { imageDigest: digest } })), {
      name: 'LimitExceededException',
      message: 'The scan quota per image has been exceeded. Wait and try again.',
    });
  });

  it('import-vulns refuses a bad file, loads a good one, and keeps it when a bad one follows', async () => {
    const bad = join(work, 'bad.json');
    writeFileSync(bad, JSON.stringify([{ id: 'X-1', modified: '2099-01-01T00:00:00Z', affected: 'openssl' }]));
    const refused = await importVulns(bad);
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /OSV record 1 \(X-1\): affected must be an array/);
    assert.equal(existsSync(join(server.dataDir, 'vulns', 'feed.json')), false);
    const good = join(work, 'feed.json');
    writeFileSync(good, JSON.stringify(FEED));
    const loaded = await importVulns(good);
    assert.equal(loaded.code, 0, loaded.stderr);
    assert.match(loaded.stdout, /Loaded 4 vulnerability records/);
    const again = await importVulns(bad);
    assert.notEqual(again.code, 0);
    assert.equal(readFileSync(join(server.dataDir, 'vulns', 'feed.json'), 'utf8'), JSON.stringify(FEED));
  });

  it('finds the vulnerable package with ECR\'s attributes and counts, not the whited-out one', async () => {
    const { digest } = await pushImage(reg, 'scanme', await imageLayers(), 'v1');
    await ecr.send(new StartImageScanCommand({ repositoryName: 'scanme', imageId: { imageDigest: digest } }));
    const out = await scanned('scanme', { imageDigest: digest });
    assert.equal(out.imageScanStatus?.status, 'COMPLETE');
    const findings = out.imageScanFindings?.findings ?? [];
    assert.deepEqual(findings.map((f) => [f.name, f.severity]), [['CVE-2099-0001', 'HIGH'], ['CVE-2099-0002', 'MEDIUM']]);
    assert.deepEqual(findings[0]?.attributes, [{ key: 'package_version', value: '3.0.11-1' }, { key: 'package_name', value: 'openssl' }]);
    assert.equal(findings[0]?.uri, 'https://security-tracker.debian.org/tracker/CVE-2099-0001');
    assert.equal(findings[0]?.description, 'A buffer overflow in openssl.');
    assert.deepEqual(out.imageScanFindings?.findingSeverityCounts, { HIGH: 1, MEDIUM: 1 });
    assert.equal(out.imageScanFindings?.vulnerabilitySourceUpdatedAt?.toISOString(), '2099-03-04T05:06:07.000Z');
    const page1 = await ecr.send(new DescribeImageScanFindingsCommand({ repositoryName: 'scanme', imageId: { imageDigest: digest }, maxResults: 1 }));
    assert.deepEqual(page1.imageScanFindings?.findings?.map((f) => f.name), ['CVE-2099-0001']);
    const page2 = await ecr.send(new DescribeImageScanFindingsCommand({ repositoryName: 'scanme', imageId: { imageDigest: digest }, maxResults: 1, nextToken: page1.nextToken }));
    assert.deepEqual(page2.imageScanFindings?.findings?.map((f) => f.name), ['CVE-2099-0002']);
    assert.equal(page2.nextToken, undefined);
    const summary = await getScanSummary(server.services.store, 'scanme', digest);
    assert.equal(summary?.imageScanStatus.status, 'COMPLETE');
    assert.deepEqual(summary?.imageScanFindingsSummary?.findingSeverityCounts, { HIGH: 1, MEDIUM: 1 });
  });

  it('answers FAILED UnsupportedImageError for an image index', async () => {
    const child = await pushImage(reg, 'scanme', await imageLayers());
    await pushIndex(reg, 'scanme', [child], 'multi');
    await ecr.send(new StartImageScanCommand({ repositoryName: 'scanme', imageId: { imageTag: 'multi' } }));
    const out = await scanned('scanme', { imageTag: 'multi' });
    assert.equal(out.imageScanStatus?.status, 'FAILED');
    assert.match(out.imageScanStatus?.description ?? '', /^UnsupportedImageError: /);
  });

  it('scans on push when the repository asks', async () => {
    const config = await ecr.send(new PutImageScanningConfigurationCommand({ repositoryName: 'scanme', imageScanningConfiguration: { scanOnPush: true } }));
    assert.deepEqual(config.imageScanningConfiguration, { scanOnPush: true });
    const { digest } = await pushImage(reg, 'scanme', await imageLayers(), 'pushed');
    const out = await scanned('scanme', { imageTag: 'pushed' });
    assert.equal(out.imageScanStatus?.status, 'COMPLETE');
    assert.deepEqual(out.imageScanFindings?.findingSeverityCounts, { HIGH: 1, MEDIUM: 1 });
    await expectAwsError(ecr.send(new StartImageScanCommand({ repositoryName: 'scanme', imageId: { imageDigest: digest } })), { name: 'LimitExceededException' });
    await ecr.send(new PutImageScanningConfigurationCommand({ repositoryName: 'scanme', imageScanningConfiguration: { scanOnPush: false } }));
  });

  it('works from the AWS CLI: start-image-scan, wait image-scan-complete, describe-image-scan-findings', async () => {
    await pushImage(reg, 'scanme', await imageLayers(), 'cli');
    const started = await awsJson<{ imageScanStatus: { status: string } }>(server,
      ['ecr', 'start-image-scan', '--repository-name', 'scanme', '--image-id', 'imageTag=cli']);
    assert.equal(started.imageScanStatus.status, 'IN_PROGRESS');
    await awsJson(server, ['ecr', 'wait', 'image-scan-complete', '--repository-name', 'scanme', '--image-id', 'imageTag=cli']);
    const out = await awsJson<{ imageScanStatus: { status: string }; imageScanFindings: { findings: { name: string; severity: string }[]; findingSeverityCounts: Record<string, number> } }>(
      server, ['ecr', 'describe-image-scan-findings', '--repository-name', 'scanme', '--image-id', 'imageTag=cli']);
    assert.equal(out.imageScanStatus.status, 'COMPLETE');
    assert.deepEqual(out.imageScanFindings.findings.map((f) => f.name), ['CVE-2099-0001', 'CVE-2099-0002']);
    assert.deepEqual(out.imageScanFindings.findingSeverityCounts, { HIGH: 1, MEDIUM: 1 });
  });
});
