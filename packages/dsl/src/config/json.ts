/**
 * A small JSON reader that keeps the offset of every key and value, so a mistake in `lb.json` can be reported at the
 * exact key. `JSON.parse` gives neither spans nor, across runtimes, a reliable error position. Never throws.
 */

export interface JsonMember {
  key: string;
  keyStart: number;
  keyEnd: number;
  value: JsonValue;
}

interface Located {
  /** Offsets [start, end) in the text. */
  start: number;
  end: number;
}

export type JsonValue = Located &
  (
    | { kind: 'object'; members: JsonMember[] }
    | { kind: 'array'; items: JsonValue[] }
    | { kind: 'string'; value: string }
    | { kind: 'number'; value: number }
    | { kind: 'boolean'; value: boolean }
    | { kind: 'null' }
  );

export type JsonParseResult = { ok: true; value: JsonValue } | { ok: false; message: string; offset: number };

class JsonSyntaxError {
  constructor(
    readonly message: string,
    readonly offset: number,
  ) {}
}

const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const WHITESPACE = /[ \t\n\r]*/y;

export function parseJson(text: string): JsonParseResult {
  const reader = new Reader(text);
  try {
    reader.skipWhitespace();
    const value = reader.value();
    reader.skipWhitespace();
    if (reader.pos < text.length) reader.fail('unexpected text after the end of the JSON value');
    return { ok: true, value };
  } catch (e) {
    if (e instanceof JsonSyntaxError) return { ok: false, message: e.message, offset: e.offset };
    // Only absurd nesting gets here (stack overflow).
    return { ok: false, message: 'the JSON nests too deeply to be read', offset: 0 };
  }
}

class Reader {
  pos = 0;
  constructor(private readonly text: string) {
    if (text.charCodeAt(0) === 0xfeff) this.pos = 1;
  }

  fail(message: string, offset = this.pos): never {
    throw new JsonSyntaxError(message, offset);
  }

  skipWhitespace(): void {
    WHITESPACE.lastIndex = this.pos;
    WHITESPACE.exec(this.text);
    this.pos = WHITESPACE.lastIndex;
  }

  value(): JsonValue {
    const start = this.pos;
    const c = this.text[this.pos];
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') {
      const value = this.string();
      return { kind: 'string', value, start, end: this.pos };
    }
    for (const [word, v] of [['true', true], ['false', false], ['null', null]] as const) {
      if (this.text.startsWith(word, this.pos)) {
        this.pos += word.length;
        return v === null ? { kind: 'null', start, end: this.pos } : { kind: 'boolean', value: v, start, end: this.pos };
      }
    }
    NUMBER.lastIndex = this.pos;
    const m = NUMBER.exec(this.text);
    if (m) {
      this.pos += m[0].length;
      return { kind: 'number', value: Number(m[0]), start, end: this.pos };
    }
    if (c === undefined) this.fail('unexpected end of file: a value is missing');
    this.fail(`unexpected ${JSON.stringify(c)}: expected a value (object, array, string, number, true, false or null)`);
  }

  string(): string {
    STRING.lastIndex = this.pos;
    const m = STRING.exec(this.text);
    if (!m) this.fail('unterminated or invalid string (strings need a closing " and valid escapes, and cannot span lines)');
    this.pos += m[0].length;
    return JSON.parse(m[0]) as string;
  }

  object(): JsonValue {
    const start = this.pos++;
    const members: JsonMember[] = [];
    this.skipWhitespace();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return { kind: 'object', members, start, end: this.pos };
    }
    for (;;) {
      this.skipWhitespace();
      if (this.text[this.pos] !== '"') this.fail('expected a "quoted" key');
      const keyStart = this.pos;
      const key = this.string();
      const keyEnd = this.pos;
      this.skipWhitespace();
      if (this.text[this.pos] !== ':') this.fail("expected ':' after the key");
      this.pos++;
      this.skipWhitespace();
      members.push({ key, keyStart, keyEnd, value: this.value() });
      this.skipWhitespace();
      const c = this.text[this.pos];
      this.pos++;
      if (c === '}') return { kind: 'object', members, start, end: this.pos };
      if (c !== ',') this.fail("expected ',' or '}' (a trailing comma or a missing comma?)", this.pos - 1);
    }
  }

  array(): JsonValue {
    const start = this.pos++;
    const items: JsonValue[] = [];
    this.skipWhitespace();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return { kind: 'array', items, start, end: this.pos };
    }
    for (;;) {
      this.skipWhitespace();
      items.push(this.value());
      this.skipWhitespace();
      const c = this.text[this.pos];
      this.pos++;
      if (c === ']') return { kind: 'array', items, start, end: this.pos };
      if (c !== ',') this.fail("expected ',' or ']'", this.pos - 1);
    }
  }
}
