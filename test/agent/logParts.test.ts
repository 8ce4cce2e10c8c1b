// The log shipper's pure parts: where awslogs writes, Docker's timestamps and stream framing,
// PutLogEvents' batch limits, and the resume rule at equal timestamps.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { batchLength, MAX_EVENT_BYTES, Positioner, splitMessage, type QueuedEvent } from '../../src/agent/logs/batch.js';
import { parseDockerTime, sinceFromKey } from '../../src/agent/logs/dockerTime.js';
import { awslogsTarget } from '../../src/agent/logs/index.js';
import { LineReader } from '../../src/agent/logs/lineReader.js';

const TS = '2024-05-01T10:00:00.123456789Z';
const frame = (type: number, text: string): Buffer => {
  const payload = Buffer.from(text, 'utf8');
  const header = Buffer.alloc(8);
  header.writeUInt8(type, 0);
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
};
const now = () => ({ ms: 0, key: '' });

describe('awslogsTarget', () => {
  const container = (options: Record<string, string>, logDriver = 'awslogs') => ({ name: 'web', logConfiguration: { logDriver, options } });

  it('names the stream prefix/container/task-id and reads awslogs-create-group', () => {
    assert.deepEqual(awslogsTarget(container({ 'awslogs-group': 'g', 'awslogs-stream-prefix': 'p', 'awslogs-create-group': 'true' }), 'abc'),
      { group: 'g', stream: 'p/web/abc', createGroup: true });
    assert.equal(awslogsTarget(container({ 'awslogs-group': 'g', 'awslogs-stream-prefix': 'p' }), 'abc')?.createGroup, false);
  });

  it('uses the container id without a prefix, and nothing for other drivers', () => {
    assert.equal(awslogsTarget(container({ 'awslogs-group': 'g' }), 'abc', 'f00d')?.stream, 'f00d');
    assert.throws(() => awslogsTarget(container({ 'awslogs-group': 'g' }), 'abc'));
    assert.throws(() => awslogsTarget(container({ 'awslogs-stream-prefix': 'p' }), 'abc'));
    assert.equal(awslogsTarget(container({}, 'json-file'), 'abc'), undefined);
    assert.equal(awslogsTarget({ name: 'x' }, 'abc'), undefined);
  });
});

describe('Docker timestamps', () => {
  it('keeps nanoseconds in the key and truncates to milliseconds', () => {
    const t = parseDockerTime(TS);
    assert.deepEqual(t, { ms: Date.parse('2024-05-01T10:00:00.123Z'), key: `${String(Date.parse('2024-05-01T10:00:00Z') / 1000).padStart(12, '0')}.123456789` });
    assert.equal(sinceFromKey(t?.key ?? ''), `${Date.parse('2024-05-01T10:00:00Z') / 1000}.123456789`);
    assert.ok((parseDockerTime('2024-05-01T10:00:00.9Z')?.key ?? '') > (parseDockerTime('2024-05-01T10:00:00.123456789Z')?.key ?? ''));
    assert.equal(parseDockerTime('yesterday'), undefined);
  });
});

describe('LineReader', () => {
  it('demultiplexes frames split anywhere across chunks', () => {
    const bytes = Buffer.concat([frame(1, `${TS} out one\n`), frame(2, `${TS} err one\n`), frame(1, `${TS} out two\n`)]);
    const reader = new LineReader({ multiplexed: true, now });
    const lines = [];
    for (let i = 0; i < bytes.length; i += 5) lines.push(...reader.push(bytes.subarray(i, i + 5)));
    assert.deepEqual(lines.map((l) => [l.source, l.text]), [['stdout', 'out one'], ['stderr', 'err one'], ['stdout', 'out two']]);
    assert.equal(lines[0]?.time.ms, Date.parse('2024-05-01T10:00:00.123Z'));
  });

  it('joins the partial entries of a long line, per stream, with the time of the last one', () => {
    const reader = new LineReader({ multiplexed: true, now });
    const later = '2024-05-01T10:00:01.000000000Z';
    const lines = reader.push(Buffer.concat([
      frame(1, `${TS} héllo `), frame(2, `${TS} err\n`), frame(1, `${later} wörld\n`), frame(1, `${later} tail`),
    ]));
    assert.deepEqual(lines.map((l) => l.text), ['err', 'héllo wörld']);
    assert.equal(lines[1]?.time.ms, Date.parse(later));
    assert.deepEqual(reader.end().map((l) => l.text), ['tail']);
  });

  it('reads a TTY stream line by line', () => {
    const reader = new LineReader({ multiplexed: false, now });
    assert.deepEqual(reader.push(Buffer.from(`${TS} a\r\n${TS} b\r\n${TS} c`)).map((l) => l.text), ['a', 'b']);
    assert.deepEqual(reader.end().map((l) => l.text), ['c']);
  });
});

describe('batches', () => {
  const event = (timestamp: number, bytes = 10): QueuedEvent => ({ timestamp, message: 'x'.repeat(bytes), bytes });

  it('stops at 10,000 events, 1 MiB with 26 bytes per event, and 24 hours', () => {
    assert.equal(batchLength(Array.from({ length: 12_000 }, (_, i) => event(i))), 10_000);
    // (1000 + 26) bytes each: 1,048,576 / 1026 = 1022 events fit.
    assert.equal(batchLength(Array.from({ length: 2000 }, (_, i) => event(i, 1000))), 1022);
    assert.equal(batchLength([event(0), event(3_600_000), event(86_400_000), event(86_400_001)]), 2);
    assert.equal(batchLength([]), 0);
  });

  it('cuts long messages at character boundaries', () => {
    const text = 'é'.repeat(MAX_EVENT_BYTES);
    const pieces = splitMessage(text);
    assert.equal(pieces.join(''), text);
    for (const p of pieces) assert.ok(Buffer.byteLength(p) <= MAX_EVENT_BYTES);
    assert.deepEqual(splitMessage('short'), ['short']);
  });

  it('skips on resume exactly the lines already shipped, at equal timestamps too', () => {
    const keys = ['a', 'b', 'b', 'b', 'c'];
    const first = new Positioner();
    const positions = keys.map((k) => first.next(k).position);
    assert.deepEqual(positions[2], { key: 'b', seq: 2 });
    // Shipped up to the second "b"; a resumed read starts at "b" (Docker's since is inclusive).
    const resumed = new Positioner({ key: 'b', seq: 2 });
    assert.deepEqual(['b', 'b', 'b', 'c'].map((k) => resumed.next(k).shipped), [true, true, false, false]);
  });
});
