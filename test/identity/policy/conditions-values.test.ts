// Numeric, date, Bool, BinaryEquals and IP address condition operators.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { conditionHolds, type ConditionCase } from './helpers.js';

function table(rows: ConditionCase[]): void {
  for (const row of rows) it(row.name, () => assert.equal(conditionHolds(row), row.want));
}

describe('Numeric operators', () => {
  const k = 's3:max-keys';
  table([
    { name: 'Equals', condition: { NumericEquals: { [k]: '10' } }, context: { [k]: 10 }, want: true },
    { name: 'Equals, string request value', condition: { NumericEquals: { [k]: '10' } }, context: { [k]: '10.0' }, want: true },
    { name: 'Equals, different', condition: { NumericEquals: { [k]: '10' } }, context: { [k]: 11 }, want: false },
    { name: 'NotEquals', condition: { NumericNotEquals: { [k]: '10' } }, context: { [k]: 11 }, want: true },
    { name: 'NotEquals, equal', condition: { NumericNotEquals: { [k]: '10' } }, context: { [k]: 10 }, want: false },
    { name: 'LessThan (AWS example: at most 10 keys)', condition: { NumericLessThanEquals: { [k]: '10' } }, context: { [k]: 10 }, want: true },
    { name: 'LessThan, equal is not less', condition: { NumericLessThan: { [k]: '10' } }, context: { [k]: 10 }, want: false },
    { name: 'GreaterThan', condition: { NumericGreaterThan: { [k]: '10' } }, context: { [k]: 10.5 }, want: true },
    { name: 'GreaterThanEquals, less', condition: { NumericGreaterThanEquals: { [k]: '10' } }, context: { [k]: 9 }, want: false },
    { name: 'a JSON number in the policy', condition: { NumericLessThan: { [k]: 100 } }, context: { [k]: 99 }, want: true },
    { name: 'not a number never matches', condition: { NumericEquals: { [k]: '10' } }, context: { [k]: 'ten' }, want: false },
    { name: 'key absent: false', condition: { NumericLessThan: { [k]: '10' } }, context: {}, want: false },
    { name: 'NotEquals, key absent: true', condition: { NumericNotEquals: { [k]: '10' } }, context: {}, want: true },
  ]);
});

describe('Date operators', () => {
  const t = 'aws:CurrentTime';
  table([
    { name: 'LessThan, ISO both sides (AWS example: before a date)', condition: { DateLessThan: { [t]: '2020-06-30T00:00:00Z' } }, context: { [t]: '2020-06-29T23:59:59Z' }, want: true },
    { name: 'LessThan, after', condition: { DateLessThan: { [t]: '2020-06-30T00:00:00Z' } }, context: { [t]: '2020-07-01T00:00:00Z' }, want: false },
    { name: 'GreaterThan with an epoch policy value and an ISO request', condition: { DateGreaterThan: { [t]: '1593475200' } }, context: { [t]: '2020-06-30T00:00:01Z' }, want: true },
    { name: 'aws:EpochTime as a number', condition: { DateGreaterThanEquals: { 'aws:EpochTime': '2020-06-30T00:00:00Z' } }, context: { 'aws:EpochTime': 1593475200 }, want: true },
    { name: 'Equals across forms', condition: { DateEquals: { [t]: '2020-06-30T00:00:00Z' } }, context: { [t]: 1593475200 }, want: true },
    { name: 'NotEquals, equal', condition: { DateNotEquals: { [t]: '2020-06-30T00:00:00Z' } }, context: { [t]: '2020-06-30T00:00:00.000Z' }, want: false },
    { name: 'LessThanEquals, equal', condition: { DateLessThanEquals: { [t]: '2020-06-30' } }, context: { [t]: '2020-06-30T00:00:00Z' }, want: true },
    { name: 'a time window: both bounds', condition: { DateGreaterThan: { [t]: '2020-04-01T00:00:00Z' }, DateLessThan: { [t]: '2020-06-30T23:59:59Z' } }, context: { [t]: '2020-07-15T00:00:00Z' }, want: false },
    { name: 'not a date never matches', condition: { DateLessThan: { [t]: '2020-06-30T00:00:00Z' } }, context: { [t]: 'yesterday' }, want: false },
  ]);
});

describe('Bool and BinaryEquals', () => {
  table([
    { name: 'Bool true', condition: { Bool: { 'aws:SecureTransport': 'true' } }, context: { 'aws:SecureTransport': true }, want: true },
    { name: 'Bool false vs true', condition: { Bool: { 'aws:SecureTransport': 'true' } }, context: { 'aws:SecureTransport': false }, want: false },
    { name: 'Bool string request value, any case', condition: { Bool: { 'aws:SecureTransport': 'True' } }, context: { 'aws:SecureTransport': 'TRUE' }, want: true },
    { name: 'Bool JSON boolean in the policy', condition: { Bool: { 'aws:MultiFactorAuthPresent': false } }, context: { 'aws:MultiFactorAuthPresent': 'false' }, want: true },
    { name: 'Bool key absent', condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } }, context: {}, want: false },
    { name: 'BinaryEquals, same bytes', condition: { BinaryEquals: { 'key:blob': 'QmluYXJ5VmFsdWVJbkJhc2U2NA==' } }, context: { 'key:blob': 'QmluYXJ5VmFsdWVJbkJhc2U2NA==' }, want: true },
    { name: 'BinaryEquals, other bytes', condition: { BinaryEquals: { 'key:blob': 'QmluYXJ5VmFsdWVJbkJhc2U2NA==' } }, context: { 'key:blob': 'b3RoZXI=' }, want: false },
  ]);
});

describe('IpAddress / NotIpAddress', () => {
  const ip = 'aws:SourceIp';
  // AWS's example block: 203.0.113.0/24 and the IPv6 2001:DB8:1234:5678::/64.
  const blocks = { IpAddress: { [ip]: ['203.0.113.0/24', '2001:DB8:1234:5678::/64'] } };
  table([
    { name: 'IPv4 inside', condition: blocks, context: { [ip]: '203.0.113.77' }, want: true },
    { name: 'IPv4 outside', condition: blocks, context: { [ip]: '203.0.114.1' }, want: false },
    { name: 'IPv6 inside', condition: blocks, context: { [ip]: '2001:db8:1234:5678:abcd::1' }, want: true },
    { name: 'IPv6 outside', condition: blocks, context: { [ip]: '2001:db8:1234:5679::1' }, want: false },
    { name: 'a bare address is a /32', condition: { IpAddress: { [ip]: '10.0.0.1' } }, context: { [ip]: '10.0.0.2' }, want: false },
    { name: 'a /12 prefix that is not on a byte boundary', condition: { IpAddress: { [ip]: '172.16.0.0/12' } }, context: { [ip]: '172.31.255.255' }, want: true },
    { name: 'a /12, just outside', condition: { IpAddress: { [ip]: '172.16.0.0/12' } }, context: { [ip]: '172.32.0.0' }, want: false },
    { name: 'IPv4 key against an IPv6 block', condition: { IpAddress: { [ip]: '::/0' } }, context: { [ip]: '10.0.0.1' }, want: false },
    { name: 'IPv6 with an embedded IPv4 tail', condition: { IpAddress: { [ip]: '::ffff:192.0.2.0/120' } }, context: { [ip]: '::ffff:192.0.2.9' }, want: true },
    { name: 'NotIpAddress outside', condition: { NotIpAddress: { [ip]: '203.0.113.0/24' } }, context: { [ip]: '198.51.100.1' }, want: true },
    { name: 'NotIpAddress inside', condition: { NotIpAddress: { [ip]: '203.0.113.0/24' } }, context: { [ip]: '203.0.113.1' }, want: false },
    { name: 'NotIpAddress key absent: true', condition: { NotIpAddress: { [ip]: '203.0.113.0/24' } }, context: {}, want: true },
    { name: 'not an address never matches', condition: { IpAddress: { [ip]: '0.0.0.0/0' } }, context: { [ip]: 'localhost' }, want: false },
  ]);
});
