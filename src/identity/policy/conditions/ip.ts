// IpAddress / NotIpAddress over IPv4 and IPv6 CIDR blocks (a bare address is a /32 or /128).
// Addresses are compared as bytes under the prefix; an IPv4 key never falls in an IPv6 block.
import { asText, text, type Family } from './family.js';

function parseV4(s: string): number[] | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  const out: number[] = [];
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    out.push(n);
  }
  return out;
}

function parseV6(s: string): number[] | undefined {
  const zone = s.indexOf('%');
  const addr = zone === -1 ? s : s.slice(0, zone);
  const halves = addr.split('::');
  if (halves.length > 2) return undefined;
  const groups = (part: string): number[] | undefined => {
    if (part === '') return [];
    const out: number[] = [];
    const pieces = part.split(':');
    for (let i = 0; i < pieces.length; i++) {
      const piece = pieces[i] ?? '';
      if (i === pieces.length - 1 && piece.includes('.')) {
        const v4 = parseV4(piece);
        if (!v4) return undefined;
        out.push(((v4[0] ?? 0) << 8) | (v4[1] ?? 0), ((v4[2] ?? 0) << 8) | (v4[3] ?? 0));
      } else {
        if (!/^[0-9a-fA-F]{1,4}$/.test(piece)) return undefined;
        out.push(parseInt(piece, 16));
      }
    }
    return out;
  };
  const head = groups(halves[0] ?? '');
  const tail = halves.length === 2 ? groups(halves[1] ?? '') : [];
  if (!head || !tail) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const all = [...head, ...new Array<number>(halves.length === 2 ? missing : 0).fill(0), ...tail];
  return all.flatMap((g) => [g >> 8, g & 0xff]);
}

export function parseAddress(s: string): number[] | undefined {
  const t = s.trim();
  return t.includes(':') ? parseV6(t) : parseV4(t);
}

interface Block {
  bytes: number[];
  prefix: number;
}

export function parseCidr(s: string): Block | undefined {
  const [addr, bits, extra] = s.trim().split('/');
  if (addr === undefined || extra !== undefined) return undefined;
  const bytes = parseAddress(addr);
  if (!bytes) return undefined;
  const max = bytes.length * 8;
  if (bits !== undefined && !/^\d{1,3}$/.test(bits)) return undefined;
  const prefix = bits === undefined ? max : Number(bits);
  if (prefix > max) return undefined;
  return { bytes, prefix };
}

export function inBlock(address: readonly number[], block: Block): boolean {
  if (address.length !== block.bytes.length) return false;
  let bits = block.prefix;
  for (let i = 0; bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if (((address[i] ?? 0) & mask) !== ((block.bytes[i] ?? 0) & mask)) return false;
  }
  return true;
}

export const ipAddress: Family = {
  variables: false,
  wildcards: false,
  compile(values) {
    const blocks = values.map((v) => parseCidr(text(v))).filter((b): b is Block => b !== undefined);
    return (v) => {
      const address = parseAddress(asText(v));
      return address !== undefined && blocks.some((b) => inBlock(address, b));
    };
  },
};
