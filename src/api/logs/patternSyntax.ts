// What the two filter pattern parsers share: their error and quoted strings. Pure.
import { InvalidParameterException, type WireError } from '../../protocol/errors.js';

export type Matcher = (message: string) => boolean;

export function invalidPattern(detail: string): WireError {
  return new InvalidParameterException(`Invalid filter pattern: ${detail}`);
}

/** The phrase in double quotes starting at `start`, unescaping \" and \\. */
export function readQuoted(text: string, start: number): { value: string; end: number } {
  let value = '';
  for (let i = start + 1; i < text.length; i++) {
    const c = text[i];
    if (c === '\\' && i + 1 < text.length) {
      value += text[i + 1];
      i++;
    } else if (c === '"') {
      return { value, end: i + 1 };
    } else {
      value += c;
    }
  }
  throw invalidPattern('unterminated quoted string.');
}
