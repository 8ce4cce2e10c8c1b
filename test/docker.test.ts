// Smoke test: the machine's Docker Engine runs a container from an image built here.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { it } from 'node:test';
import { ensureBusyboxImage } from './helpers/images.js';

it('Docker runs a container from a locally built busybox image', () => {
  const image = ensureBusyboxImage();
  const out = execFileSync('docker', ['run', '--rm', image, 'sh', '-c', 'echo hello from $(echo busybox)'], { encoding: 'utf8' });
  assert.equal(out.trim(), 'hello from busybox');
});
