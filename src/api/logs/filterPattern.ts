// CloudWatch Logs filter patterns, compiled once into a predicate over messages. Pure.
//
//   (empty)                  every event
//   ERROR Exception          every term, case-sensitive, anywhere in the message
//   "Connection refused"     a quoted phrase, matched as written (\" for a quote)
//   ?ERROR ?WARN             at least one of the ?-terms (with the plain terms, if any)
//   ERROR -Exiting           no -term may appear
//   %ERROR [0-9]+%           a regular expression
//   { $.level = "error" }    a JSON pattern (see jsonPattern.ts)
//
// Space-delimited patterns (`[ip, user, ...]`) are not supported and are refused.
import { compileJsonPattern } from './jsonPattern.js';
import { invalidPattern, readQuoted, type Matcher } from './patternSyntax.js';

export type { Matcher };

interface Terms {
  all: string[];
  any: string[];
  none: string[];
}

export function compileFilterPattern(pattern: string | undefined): Matcher {
  const text = (pattern ?? '').trim();
  if (text === '') return () => true;
  if (text.startsWith('{')) return compileJsonPattern(text);
  if (text.startsWith('[')) throw invalidPattern('space-delimited patterns are not supported.');
  if (text.length > 1 && text.startsWith('%') && text.endsWith('%')) return compileRegex(text.slice(1, -1));
  const terms = parseTerms(text);
  return (message) =>
    terms.all.every((t) => message.includes(t))
    && terms.none.every((t) => !message.includes(t))
    && (terms.any.length === 0 || terms.any.some((t) => message.includes(t)));
}

function compileRegex(source: string): Matcher {
  let re: RegExp;
  try {
    re = new RegExp(source);
  } catch {
    throw invalidPattern(`${source} is not a valid regular expression.`);
  }
  return (message) => re.test(message);
}

/** Splits an unstructured pattern into its plain, ?- and --terms. */
export function parseTerms(text: string): Terms {
  const terms: Terms = { all: [], any: [], none: [] };
  let i = 0;
  while (i < text.length) {
    if (/\s/.test(text[i] ?? '')) {
      i++;
      continue;
    }
    let bucket = terms.all;
    const sign = text[i];
    if ((sign === '?' || sign === '-') && i + 1 < text.length && !/\s/.test(text[i + 1] ?? '')) {
      bucket = sign === '?' ? terms.any : terms.none;
      i++;
    }
    if (text[i] === '"') {
      const read = readQuoted(text, i);
      bucket.push(read.value);
      i = read.end;
    } else {
      let end = i;
      while (end < text.length && !/\s/.test(text[end] ?? '')) end++;
      bucket.push(text.slice(i, end));
      i = end;
    }
  }
  return terms;
}
