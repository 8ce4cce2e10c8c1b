// JSON filter patterns: `{ SELECTOR OP VALUE }` over messages that are JSON, with && and ||
// (&& binding tighter) and parentheses. Pure.
//
//   { $.level = "error" }        string equality; * in the value is a wildcard
//   { $.latency > 100 }          numeric comparison: = != < > <= >=
//   { $.user.id = 42 && ($.ok IS FALSE || $.err IS NULL) }
//   { $.trace NOT EXISTS }       also IS TRUE / IS FALSE / IS NULL
//
// A message that is not JSON never matches.
import { invalidPattern, readQuoted, type Matcher } from './patternSyntax.js';

type Node =
  | { kind: 'and' | 'or'; left: Node; right: Node }
  | { kind: 'cmp'; path: (string | number)[]; op: string; value: string | number }
  | { kind: 'is'; path: (string | number)[]; what: 'TRUE' | 'FALSE' | 'NULL' | 'MISSING' };

type Token = { type: 'punct' | 'op' | 'word' | 'string' | 'selector'; text: string };

const MISSING = Symbol('missing');

export function compileJsonPattern(text: string): Matcher {
  if (!text.endsWith('}')) throw invalidPattern('a JSON pattern must end with }.');
  const parser = new Parser(tokenize(text.slice(1, -1)));
  const tree = parser.parse();
  return (message) => {
    let doc: unknown;
    try {
      doc = JSON.parse(message);
    } catch {
      return false;
    }
    return doc !== null && typeof doc === 'object' && evaluate(tree, doc);
  };
}

function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i] ?? '';
    const two = src.slice(i, i + 2);
    if (/\s/.test(c)) i++;
    else if (two === '&&' || two === '||') { tokens.push({ type: 'punct', text: two }); i += 2; }
    else if (c === '(' || c === ')') { tokens.push({ type: 'punct', text: c }); i++; }
    else if (['!=', '<=', '>='].includes(two)) { tokens.push({ type: 'op', text: two }); i += 2; }
    else if (c === '=' || c === '<' || c === '>') { tokens.push({ type: 'op', text: c }); i++; }
    else if (c === '"') {
      const read = readQuoted(src, i);
      tokens.push({ type: 'string', text: read.value });
      i = read.end;
    } else {
      let end = i;
      while (end < src.length && !/[\s()=!<>&|"]/.test(src[end] ?? '')) end++;
      if (end === i) throw invalidPattern(`unexpected '${c}'.`);
      const word = src.slice(i, end);
      tokens.push({ type: word.startsWith('$') ? 'selector' : 'word', text: word });
      i = end;
    }
  }
  return tokens;
}

function parsePath(selector: string): (string | number)[] {
  const path: (string | number)[] = [];
  const re = /\.([^.[\]]+)|\[(\d+)\]/g;
  const rest = selector.slice(1);
  let m: RegExpExecArray | null;
  let consumed = 0;
  while ((m = re.exec(rest)) !== null && m.index === consumed) {
    path.push(m[1] !== undefined ? m[1] : Number(m[2]));
    consumed = re.lastIndex;
  }
  if (consumed !== rest.length || path.length === 0) throw invalidPattern(`${selector} is not a valid selector.`);
  return path;
}

class Parser {
  private i = 0;
  constructor(private readonly tokens: Token[]) {}

  parse(): Node {
    const node = this.or();
    if (this.i < this.tokens.length) throw invalidPattern(`unexpected '${this.tokens[this.i]?.text}'.`);
    return node;
  }

  private peek(): Token | undefined {
    return this.tokens[this.i];
  }

  private next(what: string): Token {
    const t = this.tokens[this.i++];
    if (!t) throw invalidPattern(`expected ${what} at the end.`);
    return t;
  }

  private or(): Node {
    let left = this.and();
    while (this.peek()?.text === '||') { this.i++; left = { kind: 'or', left, right: this.and() }; }
    return left;
  }

  private and(): Node {
    let left = this.unary();
    while (this.peek()?.text === '&&') { this.i++; left = { kind: 'and', left, right: this.unary() }; }
    return left;
  }

  private unary(): Node {
    const t = this.next('a comparison');
    if (t.text === '(') {
      const inner = this.or();
      if (this.next(')').text !== ')') throw invalidPattern('expected ).');
      return inner;
    }
    if (t.type !== 'selector') throw invalidPattern(`expected a selector, found '${t.text}'.`);
    const path = parsePath(t.text);
    const op = this.next('an operator');
    if (op.type === 'word' && op.text === 'IS') {
      const what = this.next('TRUE, FALSE or NULL').text;
      if (what !== 'TRUE' && what !== 'FALSE' && what !== 'NULL') throw invalidPattern(`IS ${what} is not valid.`);
      return { kind: 'is', path, what };
    }
    if (op.type === 'word' && op.text === 'NOT') {
      if (this.next('EXISTS').text !== 'EXISTS') throw invalidPattern('expected EXISTS after NOT.');
      return { kind: 'is', path, what: 'MISSING' };
    }
    if (op.type !== 'op') throw invalidPattern(`expected an operator, found '${op.text}'.`);
    const v = this.next('a value');
    if (v.type !== 'string' && v.type !== 'word') throw invalidPattern(`expected a value, found '${v.text}'.`);
    const numeric = v.type === 'word' && /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(v.text);
    if (!['=', '!='].includes(op.text) && !numeric) throw invalidPattern(`${op.text} needs a number.`);
    return { kind: 'cmp', path, op: op.text, value: numeric ? Number(v.text) : v.text };
  }
}

function lookup(doc: unknown, path: readonly (string | number)[]): unknown {
  let cur: unknown = doc;
  for (const step of path) {
    if (cur === null || typeof cur !== 'object' || !Object.hasOwn(cur, step)) return MISSING;
    cur = (cur as Record<string | number, unknown>)[step];
  }
  return cur;
}

function glob(pattern: string, value: string): boolean {
  const re = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return re.test(value);
}

function compare(field: unknown, op: string, value: string | number): boolean {
  if (field === MISSING) return false;
  if (typeof value === 'number') {
    if (typeof field !== 'number') return op === '!=' ? true : false;
    switch (op) {
      case '=': return field === value;
      case '!=': return field !== value;
      case '<': return field < value;
      case '>': return field > value;
      case '<=': return field <= value;
      default: return field >= value;
    }
  }
  const equal = typeof field === 'string' && glob(value, field);
  return op === '=' ? equal : !equal;
}

function evaluate(node: Node, doc: unknown): boolean {
  switch (node.kind) {
    case 'and': return evaluate(node.left, doc) && evaluate(node.right, doc);
    case 'or': return evaluate(node.left, doc) || evaluate(node.right, doc);
    case 'cmp': return compare(lookup(doc, node.path), node.op, node.value);
    case 'is': {
      const field = lookup(doc, node.path);
      if (node.what === 'MISSING') return field === MISSING;
      return field === (node.what === 'TRUE' ? true : node.what === 'FALSE' ? false : null);
    }
  }
}
