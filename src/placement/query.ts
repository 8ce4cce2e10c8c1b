// The ECS cluster query language: `subject operator [argument]`, combined with and/or/not and
// parentheses (precedence: not, then and, then or). Parses once into a typed tree whose literals
// are already converted (numbers, times, versions, compiled patterns), so evaluating it over
// thousands of instances does no parsing. A bad expression throws QueryError.
import { QueryError } from './errors.js';

export type Subject =
  | { readonly kind: 'agentConnected' | 'agentVersion' | 'ec2InstanceId' | 'registeredAt' | 'runningTasksCount' | 'taskGroup' }
  | { readonly kind: 'attribute'; readonly name: string };

export type Operator = '==' | '!=' | '>' | '>=' | '<' | '<=' | 'exists' | '!exists' | 'in' | '!in' | '=~' | '!~';

/** An argument: its text and, where the subject compares by order, its numeric key. */
export interface Literal {
  readonly text: string;
  /** runningTasksCount/attribute: the number; registeredAt: epoch ms (UTC day number for a bare
   *  date); agentVersion: versionKey. */
  readonly key: number | undefined;
}

export type QueryNode =
  | { readonly kind: 'and' | 'or'; readonly left: QueryNode; readonly right: QueryNode }
  | { readonly kind: 'not'; readonly operand: QueryNode }
  | Comparison;

export interface Comparison {
  readonly kind: 'compare';
  readonly subject: Subject;
  readonly op: Operator;
  /** None for exists, one for scalar operators, the list for in/!in. */
  readonly args: readonly Literal[];
  /** For =~ and !~: the whole-value match of the Java-style regular expression. */
  readonly pattern?: RegExp;
  /** registeredAt against a bare date (2018-06-18) compares whole UTC days. */
  readonly dayOnly?: boolean;
}

export const MAX_EXPRESSION_LENGTH = 2000;
const DAY_MS = 86_400_000;

const WORD_OPS: Record<string, Operator> = {
  equals: '==', not_equals: '!=', greater_than: '>', greater_than_equal: '>=', less_than: '<',
  less_than_equal: '<=', exists: 'exists', not_exists: '!exists', in: 'in', not_in: '!in',
  matches: '=~', not_matches: '!~',
};
const SYMBOL_OPS: readonly Operator[] = ['!exists', '!in', '!=', '!~', '==', '=~', '>=', '<=', '>', '<'];
const SET_OPS: readonly Operator[] = ['==', '!=', 'in', '!in', '=~', '!~'];
const ORDER_OPS: readonly Operator[] = ['==', '!=', '>', '>=', '<', '<='];
const SUBJECTS: Record<string, Subject['kind']> = {
  agentConnected: 'agentConnected', agentVersion: 'agentVersion', ec2InstanceId: 'ec2InstanceId',
  registeredAt: 'registeredAt', runningTasksCount: 'runningTasksCount', 'task:group': 'taskGroup',
};

/** Parses an expression or throws QueryError (InvalidParameterException on the wire). */
export function parseQuery(expression: string): QueryNode {
  if (expression.length > MAX_EXPRESSION_LENGTH) {
    throw new QueryError(expression.slice(0, 40) + '...', MAX_EXPRESSION_LENGTH, `longer than ${MAX_EXPRESSION_LENGTH} characters`);
  }
  const parser = new Parser(expression);
  const node = parser.parseOr();
  parser.expectEnd();
  return node;
}

/** `1.14.5` -> a number that orders as the version does; undefined when not a dotted version. */
export function versionKey(text: string): number | undefined {
  const m = /^v?(\d{1,5})(?:\.(\d{1,5}))?(?:\.(\d{1,5}))?/.exec(text);
  if (!m) return undefined;
  return Number(m[1]) * 1e10 + Number(m[2] ?? 0) * 1e5 + Number(m[3] ?? 0);
}

/** The date formats ECS documents for registeredAt; undefined when the text is none of them. */
export function parseQueryDate(text: string): { ms: number; dayOnly: boolean } | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2})(Z|[+-]\d{2}:\d{2})?)?$/.exec(text);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0)) as [number, number, number, number, number, number];
  const local = Date.UTC(y, mo - 1, d, h, mi, s);
  const back = new Date(local);
  if (back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return undefined;
  let offset = 0;
  const zone = m[7];
  if (zone && zone !== 'Z') offset = (zone[0] === '-' ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6))) * 60_000;
  return { ms: local - offset, dayOnly: m[4] === undefined };
}

export function dayOf(ms: number): number {
  return Math.floor(ms / DAY_MS);
}

const isSpace = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r';
const isWordChar = (c: string | undefined): boolean => c !== undefined && /[A-Za-z0-9_]/.test(c);
const isSubjectChar = (c: string | undefined): boolean => c !== undefined && /[A-Za-z0-9_.:\-/\\@]/.test(c);

class Parser {
  private pos = 0;
  constructor(private readonly src: string) {}

  parseOr(): QueryNode {
    let left = this.parseAnd();
    while (this.keyword('or') || this.symbol('||')) left = { kind: 'or', left, right: this.parseAnd() };
    return left;
  }

  expectEnd(): void {
    this.skipSpace();
    if (this.pos < this.src.length) this.fail(`unexpected "${this.src[this.pos]}"`);
  }

  private parseAnd(): QueryNode {
    let left = this.parseUnary();
    while (this.keyword('and') || this.symbol('&&')) left = { kind: 'and', left, right: this.parseUnary() };
    return left;
  }

  private parseUnary(): QueryNode {
    this.skipSpace();
    if (this.keyword('not') || this.symbol('!')) return { kind: 'not', operand: this.parseUnary() };
    if (this.symbol('(')) {
      const inner = this.parseOr();
      if (!this.symbol(')')) this.fail('expected ")"');
      return inner;
    }
    return this.parseComparison();
  }

  private parseComparison(): Comparison {
    this.skipSpace();
    const start = this.pos;
    while (isSubjectChar(this.src[this.pos])) this.pos++;
    const word = this.src.slice(start, this.pos);
    if (word === '') this.fail(this.pos < this.src.length ? `unexpected "${this.src[this.pos]}"` : 'expected an expression', start);
    const subject = toSubject(word) ?? this.fail(`unknown subject "${word}"`, start);
    const opAt = this.skipSpace();
    const op = this.operator();
    const allowed = subject.kind === 'attribute' ? undefined : subject.kind === 'agentVersion' || subject.kind === 'registeredAt' || subject.kind === 'runningTasksCount' ? ORDER_OPS : SET_OPS;
    if (allowed && !allowed.includes(op)) this.fail(`operator "${op}" is not valid for ${word}`, opAt);
    if (op === 'exists' || op === '!exists') return { kind: 'compare', subject, op, args: [] };
    const argAt = this.skipSpace();
    const texts = op === 'in' || op === '!in' ? this.list() : [op === '=~' || op === '!~' ? this.pattern() : this.value()];
    if (op === '=~' || op === '!~') {
      const text = texts[0] ?? '';
      try {
        return { kind: 'compare', subject, op, args: [{ text, key: undefined }], pattern: new RegExp(`^(?:${text})$`) };
      } catch {
        return this.fail(`invalid pattern "${text}"`, argAt);
      }
    }
    const args = texts.map((text) => this.literal(subject, text, argAt));
    const dayOnly = subject.kind === 'registeredAt' ? parseQueryDate(texts[0] ?? '')?.dayOnly : undefined;
    return dayOnly ? { kind: 'compare', subject, op, args, dayOnly } : { kind: 'compare', subject, op, args };
  }

  private literal(subject: Subject, text: string, at: number): Literal {
    switch (subject.kind) {
      case 'runningTasksCount': {
        if (!/^\d+$/.test(text)) this.fail(`runningTasksCount needs a whole number, not "${text}"`, at);
        return { text, key: Number(text) };
      }
      case 'registeredAt': {
        const date = parseQueryDate(text) ?? this.fail(`"${text}" is not a date (2018-06-18T22:28:28+00:00, 2018-06-18T22:28:28Z, 2018-06-18T22:28:28 or 2018-06-18)`, at);
        return { text, key: date.dayOnly ? dayOf(date.ms) : date.ms };
      }
      case 'agentVersion':
        return { text, key: versionKey(text) ?? this.fail(`"${text}" is not an agent version`, at) };
      case 'agentConnected':
        if (!/^(true|false)$/i.test(text)) this.fail(`agentConnected is true or false, not "${text}"`, at);
        return { text: text.toLowerCase(), key: undefined };
      case 'attribute': {
        const n = Number(text);
        return { text, key: text.trim() !== '' && Number.isFinite(n) ? n : undefined };
      }
      default:
        return { text, key: undefined };
    }
  }

  private operator(): Operator {
    for (const op of SYMBOL_OPS) {
      if (this.src.startsWith(op, this.pos) && (!/^!(in|exists)$/.test(op) || !isWordChar(this.src[this.pos + op.length]))) {
        this.pos += op.length;
        return op;
      }
    }
    const start = this.pos;
    while (isWordChar(this.src[this.pos])) this.pos++;
    const op = WORD_OPS[this.src.slice(start, this.pos).toLowerCase()];
    if (!op) this.fail('expected an operator', start);
    return op;
  }

  private list(): string[] {
    if (!this.symbol('[')) this.fail('expected a list like [a, b]');
    const items: string[] = [];
    do {
      this.skipSpace();
      items.push(this.value());
      this.skipSpace();
    } while (this.symbol(','));
    if (!this.symbol(']')) this.fail('expected "," or "]"');
    return items;
  }

  private value(): string {
    const quoted = this.quoted();
    if (quoted !== undefined) return quoted;
    const start = this.pos;
    for (let c = this.src[this.pos]; c !== undefined && !isSpace(c) && !'()[],\'"'.includes(c); c = this.src[this.pos]) {
      if (this.src.startsWith('&&', this.pos) || this.src.startsWith('||', this.pos)) break;
      this.pos++;
    }
    if (this.pos === start) this.fail('expected a value', start);
    return this.src.slice(start, this.pos);
  }

  /** A bare pattern may hold balanced ( ) and [ ]; it ends at white space or an unmatched ")". */
  private pattern(): string {
    const quoted = this.quoted();
    if (quoted !== undefined) return quoted;
    const start = this.pos;
    let depth = 0;
    for (let c = this.src[this.pos]; c !== undefined && !isSpace(c); c = this.src[this.pos]) {
      if (c === '(' || c === '[') depth++;
      else if (c === ')' || c === ']') {
        if (depth === 0) break;
        depth--;
      } else if (c === '\\') this.pos++;
      this.pos++;
    }
    if (this.pos === start) this.fail('expected a pattern', start);
    return this.src.slice(start, this.pos);
  }

  private quoted(): string | undefined {
    const q = this.src[this.pos];
    if (q !== "'" && q !== '"') return undefined;
    const end = this.src.indexOf(q, this.pos + 1);
    if (end < 0) this.fail('unterminated quoted value');
    const text = this.src.slice(this.pos + 1, end);
    this.pos = end + 1;
    return text;
  }

  private keyword(word: string): boolean {
    this.skipSpace();
    const candidate = this.src.slice(this.pos, this.pos + word.length);
    if (candidate.toLowerCase() !== word || isWordChar(this.src[this.pos + word.length])) return false;
    this.pos += word.length;
    return true;
  }

  private symbol(sym: string): boolean {
    this.skipSpace();
    if (!this.src.startsWith(sym, this.pos)) return false;
    this.pos += sym.length;
    return true;
  }

  private skipSpace(): number {
    while (isSpace(this.src[this.pos])) this.pos++;
    return this.pos;
  }

  private fail(problem: string, at: number = this.pos): never {
    throw new QueryError(this.src, at, problem);
  }
}

function toSubject(word: string): Subject | undefined {
  const kind = SUBJECTS[word];
  if (kind) return { kind } as Subject;
  if (word.startsWith('attribute:') && word.length > 'attribute:'.length) return { kind: 'attribute', name: word.slice('attribute:'.length) };
  return undefined;
}
