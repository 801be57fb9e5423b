/*
 * A parser for the subset of SOQL the plugin and @salesforce/core ask: SELECT fields (with one-level
 * relationship paths) FROM one object, WHERE with = != <> < > <= >= LIKE IN / NOT IN, AND, OR, NOT and
 * parentheses, ORDER BY, LIMIT, OFFSET. Keywords are case-insensitive; string literals take \' \\ \n \t escapes.
 */

export class SoqlError extends Error {
  public constructor(
    public readonly errorCode: 'MALFORMED_QUERY' | 'INVALID_FIELD' | 'INVALID_TYPE',
    message: string,
  ) {
    super(message);
  }
}

export type Literal = string | number | boolean | null;
export type Condition =
  | { kind: 'and' | 'or'; left: Condition; right: Condition }
  | { kind: 'not'; operand: Condition }
  | { kind: 'compare'; field: string; op: '=' | '!=' | '<' | '>' | '<=' | '>=' | 'like'; value: Literal }
  | { kind: 'in'; field: string; negated: boolean; values: Literal[] };

export type SoqlQuery = {
  fields: string[];
  count: boolean;
  object: string;
  where?: Condition;
  orderBy: Array<{ field: string; descending: boolean }>;
  limit?: number;
  offset?: number;
};

const RESERVED = new Set([
  'SELECT',
  'FROM',
  'WHERE',
  'AND',
  'OR',
  'NOT',
  'IN',
  'LIKE',
  'ORDER',
  'BY',
  'LIMIT',
  'OFFSET',
  'ASC',
  'DESC',
  'NULL',
  'TRUE',
  'FALSE',
]);

type Token = { kind: 'word' | 'string' | 'number' | 'punct'; text: string; value?: Literal };

const ESCAPES: Record<string, string> = {
  "'": "'",
  '\\': '\\',
  n: '\n',
  t: '\t',
  r: '\r',
  b: '\b',
  f: '\f',
  '"': '"',
  _: '\\_',
  '%': '\\%',
};

export function tokenize(soql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < soql.length) {
    const c = soql[i];
    if (/\s/.test(c)) {
      i += 1;
    } else if (c === "'") {
      let value = '';
      i += 1;
      for (;;) {
        if (i >= soql.length)
          throw new SoqlError('MALFORMED_QUERY', 'unexpected end of query: unterminated string literal');
        const d = soql[i];
        if (d === '\\') {
          const escaped = ESCAPES[soql[i + 1]];
          if (escaped === undefined)
            throw new SoqlError(
              'MALFORMED_QUERY',
              `Invalid string literal: invalid escape sequence \\${soql[i + 1] ?? ''}`,
            );
          value += escaped;
          i += 2;
        } else if (d === "'") {
          i += 1;
          break;
        } else {
          value += d;
          i += 1;
        }
      }
      tokens.push({ kind: 'string', text: `'${value}'`, value });
    } else if (/[0-9]/.test(c) || (c === '-' && /[0-9]/.test(soql[i + 1] ?? ''))) {
      const match = /^-?[0-9]+(\.[0-9]+)?/.exec(soql.slice(i))![0];
      tokens.push({ kind: 'number', text: match, value: Number(match) });
      i += match.length;
    } else if (/[A-Za-z_]/.test(c)) {
      const match = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(soql.slice(i))![0];
      tokens.push({ kind: 'word', text: match });
      i += match.length;
    } else {
      const match = /^(!=|<>|<=|>=|[=<>(),])/.exec(soql.slice(i));
      if (!match) throw new SoqlError('MALFORMED_QUERY', `unexpected token: '${c}'`);
      tokens.push({ kind: 'punct', text: match[0] });
      i += match[0].length;
    }
  }
  return tokens;
}

class Parser {
  private at = 0;
  public constructor(private readonly tokens: Token[]) {}

  public parse(): SoqlQuery {
    this.keyword('SELECT');
    const query: SoqlQuery = { fields: [], count: false, object: '', orderBy: [] };
    if (this.peekWord('COUNT') && this.tokens[this.at + 1]?.text === '(') {
      this.at += 1;
      this.punct('(');
      this.punct(')');
      query.count = true;
    } else {
      do query.fields.push(this.word('field name'));
      while (this.accept(','));
    }
    this.keyword('FROM');
    query.object = this.word('object name');
    if (this.acceptWord('WHERE')) query.where = this.or();
    if (this.acceptWord('ORDER')) {
      this.keyword('BY');
      do {
        const field = this.word('field name');
        const descending = this.acceptWord('DESC');
        if (!descending) this.acceptWord('ASC');
        query.orderBy.push({ field, descending });
      } while (this.accept(','));
    }
    if (this.acceptWord('LIMIT')) query.limit = this.integer();
    if (this.acceptWord('OFFSET')) query.offset = this.integer();
    if (this.at < this.tokens.length) throw this.unexpected();
    return query;
  }

  private or(): Condition {
    let left = this.and();
    while (this.acceptWord('OR')) left = { kind: 'or', left, right: this.and() };
    return left;
  }

  private and(): Condition {
    let left = this.unary();
    while (this.acceptWord('AND')) left = { kind: 'and', left, right: this.unary() };
    return left;
  }

  private unary(): Condition {
    if (this.acceptWord('NOT')) return { kind: 'not', operand: this.unary() };
    if (this.accept('(')) {
      const inner = this.or();
      this.punct(')');
      return inner;
    }
    const field = this.word('field name');
    if (this.acceptWord('NOT')) {
      this.keyword('IN');
      return { kind: 'in', field, negated: true, values: this.list() };
    }
    if (this.acceptWord('IN')) return { kind: 'in', field, negated: false, values: this.list() };
    if (this.acceptWord('LIKE')) return { kind: 'compare', field, op: 'like', value: this.literal() };
    const op = this.tokens[this.at];
    if (op?.kind !== 'punct' || !['=', '!=', '<>', '<', '>', '<=', '>='].includes(op.text)) throw this.unexpected();
    this.at += 1;
    const normalized = op.text === '<>' ? '!=' : (op.text as '=' | '!=' | '<' | '>' | '<=' | '>=');
    return { kind: 'compare', field, op: normalized, value: this.literal() };
  }

  private list(): Literal[] {
    this.punct('(');
    const values: Literal[] = [];
    do values.push(this.literal());
    while (this.accept(','));
    this.punct(')');
    return values;
  }

  private literal(): Literal {
    const token = this.tokens[this.at];
    if (!token) throw this.unexpected();
    this.at += 1;
    if (token.kind === 'string' || token.kind === 'number') return token.value ?? null;
    if (token.kind === 'word') {
      const lower = token.text.toLowerCase();
      if (lower === 'true' || lower === 'false') return lower === 'true';
      if (lower === 'null') return null;
    }
    this.at -= 1;
    throw this.unexpected();
  }

  private integer(): number {
    const token = this.tokens[this.at];
    if (token?.kind !== 'number' || !Number.isInteger(token.value)) throw this.unexpected();
    this.at += 1;
    return token.value as number;
  }

  private word(what: string): string {
    const token = this.tokens[this.at];
    if (token?.kind !== 'word' || RESERVED.has(token.text.toUpperCase())) throw this.unexpected(what);
    this.at += 1;
    return token.text;
  }

  private peekWord(word: string): boolean {
    const token = this.tokens[this.at];
    return token?.kind === 'word' && token.text.toUpperCase() === word;
  }

  private acceptWord(word: string): boolean {
    if (!this.peekWord(word)) return false;
    this.at += 1;
    return true;
  }

  private keyword(word: string): void {
    if (!this.acceptWord(word)) throw this.unexpected(word);
  }

  private accept(punct: string): boolean {
    if (this.tokens[this.at]?.text !== punct || this.tokens[this.at].kind !== 'punct') return false;
    this.at += 1;
    return true;
  }

  private punct(punct: string): void {
    if (!this.accept(punct)) throw this.unexpected(punct);
  }

  private unexpected(expected?: string): SoqlError {
    const token = this.tokens[this.at];
    const found = token ? `unexpected token: '${token.text}'` : 'unexpected end of query';
    return new SoqlError('MALFORMED_QUERY', expected ? `${found} (expecting ${expected})` : found);
  }
}

export const parseSoql = (soql: string): SoqlQuery => new Parser(tokenize(soql)).parse();
