// Finds where an HTTP/1.1 message body ends, by Content-Length or chunked framing, without copying
// or changing the bytes (they are forwarded as they came). Pure state machine, fed chunk by chunk.
import { Framing } from './responseHead.js';

const enum S { Size, Ext, SizeLf, Data, DataCr, DataLf, TrailerStart, TrailerLine, EndLf, Done }

export class BodyFramer {
  done = false;
  failed = false;
  private state = S.Done;
  private remaining = 0;
  private until = false;
  private chunked = false;

  reset(framing: Framing, length: number): void {
    this.failed = false;
    this.until = framing === Framing.UntilClose;
    this.chunked = framing === Framing.Chunked;
    this.remaining = this.chunked ? 0 : length;
    if (framing === Framing.Chunked) this.state = S.Size;
    else if (framing === Framing.Length && length > 0) this.state = S.Data;
    else this.state = this.until ? S.Data : S.Done;
    this.done = this.state === S.Done;
  }

  /** Consumes body bytes from `buf` at `start`; returns the index past the last one consumed. */
  consume(buf: Uint8Array, start: number): number {
    if (this.until) return buf.length;
    let i = start;
    const n = buf.length;
    while (i < n && !this.done) {
      switch (this.state) {
        case S.Data: {
          const take = Math.min(this.remaining, n - i);
          i += take;
          this.remaining -= take;
          if (this.remaining === 0) this.state = this.chunked ? S.DataCr : S.Done;
          break;
        }
        case S.Size: {
          const c = buf[i++] as number;
          const v = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : c >= 65 && c <= 70 ? c - 55 : -1;
          if (v >= 0) this.remaining = this.remaining * 16 + v;
          else if (c === 13) this.state = S.SizeLf;
          else if (c === 59 || c === 32 || c === 9) this.state = S.Ext;
          else this.fail();
          break;
        }
        case S.Ext:
          if (buf[i++] === 13) this.state = S.SizeLf;
          break;
        case S.SizeLf:
          if (buf[i++] !== 10) this.fail();
          else if (this.remaining === 0) this.state = S.TrailerStart;
          else this.state = S.Data;
          break;
        case S.DataCr:
          this.state = buf[i++] === 13 ? S.DataLf : this.fail();
          break;
        case S.DataLf:
          this.state = buf[i++] === 10 ? S.Size : this.fail();
          break;
        case S.TrailerStart:
          this.state = buf[i++] === 13 ? S.EndLf : S.TrailerLine;
          break;
        case S.TrailerLine:
          if (buf[i++] === 10) this.state = S.TrailerStart;
          break;
        case S.EndLf:
          this.state = buf[i++] === 10 ? S.Done : this.fail();
          break;
        default:
          this.state = S.Done;
      }
      if (this.state === S.Done) this.done = true;
    }
    return i;
  }

  private fail(): S {
    this.failed = true;
    this.done = true;
    return S.Done;
  }
}
