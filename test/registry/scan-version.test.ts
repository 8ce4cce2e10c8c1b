// Version ordering: dpkg's (Debian Policy 5.6.12 and dpkg's own examples) and apk-tools'.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compareAlpine, compareDebian, compareVersions } from '../../src/registry/scan/index.js';
import { isValidAlpineVersion, parseDebianVersion } from '../../src/registry/scan/version/index.js';

type Vector = [string, '<' | '=' | '>', string];

function check(compare: (a: string, b: string) => number, vectors: Vector[]): void {
  for (const [a, op, b] of vectors) {
    const want = op === '<' ? -1 : op === '>' ? 1 : 0;
    assert.equal(Math.sign(compare(a, b)), want, `${a} ${op} ${b}`);
    assert.equal(Math.sign(compare(b, a)), want === 0 ? 0 : -want, `${b} (reversed) ${a}`);
  }
}

describe('Debian version ordering', () => {
  it('parses epoch, upstream and revision', () => {
    assert.deepEqual(parseDebianVersion('1:2.30-1+deb12u1'), { epoch: 1, upstream: '2.30', revision: '1+deb12u1' });
    assert.deepEqual(parseDebianVersion('2.0-rc1-3'), { epoch: 0, upstream: '2.0-rc1', revision: '3' });
    assert.deepEqual(parseDebianVersion('1.0'), { epoch: 0, upstream: '1.0', revision: '' });
  });

  it('orders the way dpkg does', () => {
    check(compareDebian, [
      ['1.0~rc1', '<', '1.0'],
      ['1:0.9', '>', '2.0'],
      ['1.0~~', '<', '1.0~~a'],
      ['1.0~~a', '<', '1.0~'],
      ['1.0~', '<', '1.0'],
      ['1.0', '<', '1.0a'],
      ['1.0a', '<', '1.0+'], // letters sort before non-letters
      ['1.0+', '<', '1.0.'],
      ['1.0-1', '<', '2.0-2'],
      ['2.2~rc-4', '<', '2.2-1'],
      ['1.0000-1', '=', '1.0-1'],
      ['1', '=', '0:1'],
      ['1.0', '=', '1.0-0'],
      ['0', '<', '1'],
      ['1.2', '<', '1.11'], // digit runs compare numerically
      ['1.0-0.1', '<', '1.1'],
      ['7.6p2-4', '>', '7.6-0'],
      ['1.0.3-3', '>', '1.0-1'],
      ['1.3', '>', '1.2.2-2'],
      ['1.3', '>', '1.2.2'],
      ['0-pre', '=', '0-pre'],
      ['0-pre', '<', '0-pree'],
      ['1.1.6r2-2', '>', '1.1.6r-1'],
      ['2.6b2-1', '>', '2.6b-2'],
      ['98.1p5-1', '<', '98.1-pre2-b6-2'],
      ['0.4a6-2', '>', '0.4-1'],
      ['1:3.0.5-2', '<', '1:3.0.5.1'],
      ['10.11.1.3-2', '>', '10.11.1.3-1'],
      ['4.4.3-2', '<', '4.4.3-2+b1'],
      ['3.0.11-1~deb12u2', '>', '3.0.11-1~deb12u1'],
      ['3.0.11-1~deb12u2', '<', '3.0.11-1'],
      ['2.36-9+deb12u4', '>', '2.36-9'],
      ['1:1.2.13.dfsg-1', '>', '1.2.13.dfsg-1'],
      ['9.18.24-1', '<', '1:9.18.19-1~deb12u1'],
    ]);
  });
});

describe('Alpine version ordering', () => {
  it('orders suffixes _alpha < _beta < _pre < _rc < (none) < _cvs < _svn < _git < _hg < _p', () => {
    const chain = ['1.0_alpha', '1.0_beta', '1.0_pre', '1.0_rc', '1.0', '1.0_cvs', '1.0_svn', '1.0_git', '1.0_hg', '1.0_p'];
    for (let i = 1; i < chain.length; i++) check(compareAlpine, [[chain[i - 1] ?? '', '<', chain[i] ?? '']]);
    check(compareAlpine, [['1.2.3_rc1-r4', '<', '1.2.3-r0'], ['1.2.3_rc1', '<', '1.2.3_rc2'], ['1.2.3_p1', '>', '1.2.3-r9']]);
  });

  it('orders the way apk-tools does', () => {
    check(compareAlpine, [
      ['2.34', '>', '0.1.0_alpha'],
      ['0.1.0_alpha2', '>', '0.1.0_alpha'],
      ['1.1', '>', '1.1_alpha1'],
      ['1.0.4-r3', '<', '1.0.4-r4'],
      ['2.2.39-r1', '>', '1.0.4-r3'],
      ['1.2.1', '>', '1.2'],
      ['0.12.3', '>', '0.12'],
      ['1.2.11', '<', '1.2.12.1'],
      ['2.3.0b-r1', '<', '2.3.0b-r2'],
      ['1.7', '<', '1.7b'],
      ['1.6d', '>', '1.2.07.8'],
      ['4.5_p1-r1', '>', '4.5_p1'],
      ['1.0_p10-r0', '>', '1.0_p9-r0'],
      ['0.1.0_alpha_pre2', '<', '0.1.0_alpha'],
      ['1.3_pre1-r1', '<', '1.3.2'],
      ['1.0.0_pre20191002222144-r0', '<', '1.0.0_pre20210530193627-r0'],
      ['4.01', '<', '4.20'], // a leading zero makes the component compare like a string
      ['1.01', '<', '1.1'],
      ['1.2.07.8', '<', '1.2.12.04'],
      ['1.07-r1', '<', '1.07.5'],
      ['3.0.0-r2', '<', '021109-r3'],
      ['0.9.28.1', '<', '087-r1'],
      ['22.7-r1', '<', '22.7.3-r1'],
      ['1.2.2-r1', '>', '1.2.2'],
      ['1.10.0_rc1-r0', '<', '1.10.0-r0'],
      ['3.1.4-r5', '<', '3.1.4-r10'],
      ['3.1.4-r5', '=', '3.1.4-r5'],
      ['1.0', '<', '1.0bc'],
      ['23_foo', '>', '4_beta'],
    ]);
  });

  it('validates versions as apk does', () => {
    assert.ok(isValidAlpineVersion('1.2.3_rc1-r4'));
    assert.ok(isValidAlpineVersion('1.36.1-r15'));
    assert.ok(!isValidAlpineVersion('1.0-beta'));
    assert.ok(!isValidAlpineVersion('1.0_foo'));
    assert.ok(!isValidAlpineVersion(''));
  });

  it('compareVersions picks the ecosystem rules', () => {
    assert.equal(Math.sign(compareVersions('Debian', '1.0~rc1', '1.0')), -1);
    assert.equal(Math.sign(compareVersions('Alpine', '1.0_rc1', '1.0')), -1);
    assert.equal(Math.sign(compareVersions('Debian', '1.0a', '1.0.1')), -1);
  });
});
