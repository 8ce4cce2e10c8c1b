// What IAM's answers need beyond the shared XML writer: documents URL-encoded (as IAM returns
// every policy document) and maps (`<entry><key/><value/></entry>`, GetAccountSummary's SummaryMap).
import { escapeXml } from '../../protocol/xml.js';

export function encodeDocument(document: string): string {
  return encodeURIComponent(document);
}

/**
 * Pre-rendered XML inside a `toXml` tree. protocol/xml.ts writes arrays as `<member>`s and has no
 * map form; it writes a Date as its `toISOString()` unescaped, so this Date stands for its XML.
 * (A map form in protocol/xml.ts would replace this.)
 */
class RawXml extends Date {
  constructor(private readonly xml: string) {
    super(0);
  }

  override toISOString(): string {
    return this.xml;
  }
}

/** A map in AWS Query's XML form, in the order given. */
export function xmlMap(entries: readonly (readonly [string, string | number])[]): Date {
  return new RawXml(entries.map(([k, v]) => `<entry><key>${escapeXml(k)}</key><value>${escapeXml(String(v))}</value></entry>`).join(''));
}
