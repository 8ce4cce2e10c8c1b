// What IAM's answers need: documents URL-encoded (as IAM returns every policy document) and maps
// (GetAccountSummary's SummaryMap, through protocol/xml.ts's XmlMap).
import { XmlMap } from '../../protocol/xml.js';

export function encodeDocument(document: string): string {
  return encodeURIComponent(document);
}

/** A map in AWS Query's XML form, in the order given. */
export function xmlMap(entries: readonly (readonly [string, string | number])[]): XmlMap {
  return new XmlMap(entries);
}
