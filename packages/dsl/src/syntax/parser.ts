/**
 * The chevrotain grammar of `.lb`, producing a CST that `lower.ts` turns into the AST. One instance is built once
 * (grammar analysis is costly) and reused for every parse.
 *
 * Error recovery: every statement may end with its separator (`item: (...) Sep?`), so when something inside a
 * statement fails, chevrotain re-synchronises at the statement's end and keeps the partial statement. We restrict
 * re-synchronisation to statement boundaries (newline, ';', '}', end of file) so one bad line costs one line.
 * Lines that cannot start a statement at all are read by the `junk` rule and reported when lowered.
 */
import {
  createToken,
  CstParser,
  EOF,
  Lexer,
  tokenMatcher,
  type CstNode,
  type DSLMethodOptsWithErr,
  type IOrAlt,
  type IParserErrorMessageProvider,
  type IToken,
  type ParserMethod,
  type SubruleMethodOpts,
  type TokenType,
} from 'chevrotain';
import * as T from './tokens.ts';

/** Single-token literals (the grammar does not care which; `lower.ts` does). */
const Literal = createToken({ name: 'Literal', pattern: Lexer.NA, label: 'a value' });
/** Every binary operator; their precedence is applied by `lower.ts`. */
const BinaryOperator = createToken({ name: 'BinaryOperator', pattern: Lexer.NA, label: 'an operator' });
for (const t of [T.OrOr, T.AndAnd, T.EqEq, T.NotEq, T.LessEq, T.GreaterEq, T.Less, T.Greater, T.DotDot, T.Plus, T.Minus, T.Star, T.Slash, T.Percent]) {
  addCategory(t, BinaryOperator);
}
const PrefixOperator = createToken({ name: 'PrefixOperator', pattern: Lexer.NA, label: "'-' or '!'" });
for (const t of [T.Minus, T.Bang]) addCategory(t, PrefixOperator);

/** Tokens that cannot start a statement: a line starting with one is junk. */
const JunkStart = createToken({ name: 'JunkStart', pattern: Lexer.NA });
/** Anything that may follow inside a junk line. */
const JunkRest = createToken({ name: 'JunkRest', pattern: Lexer.NA });

const literalTokens = [
  T.NumberLiteral,
  T.StringLiteral,
  T.UnterminatedString,
  T.DurationLiteral,
  T.SizeLiteral,
  T.Ipv4Literal,
  T.Ipv6Literal,
  T.CidrLiteral,
  T.AddressLiteral,
  T.VersionLiteral,
  T.MalformedNumber,
  T.True,
  T.False,
];
for (const t of literalTokens) addCategory(t, Literal);

const statementStarters = new Set<TokenType>([T.Identifier, T.Let, T.Fn, T.For, T.If, T.Import]);
const structural = new Set<TokenType>([T.Sep, T.Newline, T.Semicolon, T.LBrace, T.RBrace, T.WhiteSpace, T.Comment]);
for (const t of T.allTokens) {
  if (structural.has(t)) continue;
  addCategory(t, JunkRest);
  if (!statementStarters.has(t)) addCategory(t, JunkStart);
}

function addCategory(token: TokenType, category: TokenType): void {
  token.CATEGORIES = [...(token.CATEGORIES ?? []), category];
}

export const parserTokens: TokenType[] = [...T.allTokens, Literal, BinaryOperator, PrefixOperator, JunkStart, JunkRest];

/** Words for error messages: rule names the user can understand. */
const RULE_DESCRIPTIONS: Record<string, string> = {
  item: 'a statement (a keyword such as `backend`, or let, fn, for, if, import)',
  primary: 'a value',
  expression: 'an expression',
  operand: 'a value',
  postfixOp: "'(', '[' or '.'",
  junk: 'a statement',
};

function describeToken(tok: IToken): string {
  if (tok.tokenType === EOF) return 'the end of the file';
  if (tok.tokenType === T.Newline) return 'the end of the line';
  if (tok.tokenType === T.RBrace && tok.image === '') return "the block's end";
  const image = tok.image.length > 30 ? `${tok.image.slice(0, 30)}...` : tok.image;
  return `'${image}'`;
}

function describeType(type: TokenType): string {
  if (type === EOF) return 'the end of the file';
  return type.LABEL ?? type.name;
}

function alternatives(paths: TokenType[][][]): string {
  const firsts = new Set<string>();
  for (const alt of paths) for (const path of alt) if (path.length > 0) firsts.add(describeType(path[0]));
  const list = [...firsts];
  if (list.length === 0) return 'something else';
  if (list.length <= 4) return list.join(', ').replace(/, ([^,]*)$/, ' or $1');
  return `${list.slice(0, 4).join(', ')}...`;
}

const messages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage({ expected, actual }) {
    return `expected ${describeType(expected)} but found ${describeToken(actual)}`;
  },
  buildNotAllInputParsedMessage({ firstRedundant }) {
    return `unexpected ${describeToken(firstRedundant)}: expected the end of the statement`;
  },
  buildNoViableAltMessage({ expectedPathsPerAlt, actual, ruleName }) {
    const what = RULE_DESCRIPTIONS[ruleName] ?? alternatives(expectedPathsPerAlt);
    return `expected ${what} but found ${describeToken(actual[0])}`;
  },
  buildEarlyExitMessage({ expectedIterationPaths, actual, ruleName }) {
    const what = RULE_DESCRIPTIONS[ruleName] ?? alternatives([expectedIterationPaths]);
    return `expected at least one ${what} but found ${describeToken(actual[0])}`;
  },
};

/*
 * Alternatives are built through these helpers instead of `{ ALT: () => ... }` literals: a function stored under a
 * property name gets that name, and tsx/esbuild (keepNames) then wraps every such closure in a `__name` call, which
 * made parsing several times slower. Functions passed as arguments are anonymous and stay cheap.
 */
function alt(fn: () => unknown): IOrAlt<unknown> {
  return { ALT: fn };
}
function gatedAlt(gate: () => boolean, fn: () => unknown): IOrAlt<unknown> {
  return { GATE: gate, ALT: fn };
}
function gated(gate: () => boolean, fn: () => void): DSLMethodOptsWithErr<void> {
  return { GATE: gate, DEF: fn };
}

/*
 * Option objects are shared constants, and OR alternatives and gated repetitions are built once per parser (the
 * `...Alts` / `...Tail` fields, filled during self-analysis), not on every rule invocation: chevrotain only reads
 * them, and allocating them per call cost a large share of a parse (chevrotain's performance guide recommends it).
 */
const PLAIN: SubruleMethodOpts<[boolean]> = { ARGS: [false] };
const JUXTAPOSED: SubruleMethodOpts<[boolean]> = { ARGS: [true] };
const label = (LABEL: string) => ({ LABEL });
const plainLabelled = (LABEL: string): SubruleMethodOpts<[boolean]> => ({ ARGS: [false], LABEL });
const NAME = label('name');
const PARAM = label('param');
const FIRST = label('first');
const SECOND = label('second');
const THEN = label('then');
const ELSE_IF = label('elseIf');
const ELSE = label('else');
const PATH = label('path');
const CALLEE = label('callee');
const KEYWORD = label('keyword');
const OPERAND = label('operand');
const OPERATOR = label('operator');
const PREFIX = label('prefix');
const WILDCARD = label('wildcard');
const PORT = label('port');
const HOST = label('host');
const PROPERTY = label('property');
const LITERAL = label('literal');
const PARENTHESIZED = plainLabelled('parenthesized');

type Alts = IOrAlt<unknown>[];

/**
 * Defined as true by the bundlers (packages/dsl/build.mjs, packages/lsp/build.mjs) only: checking the grammar for
 * ambiguities costs every start of the CLI about 10 ms, and the tests, which run the sources, already check it.
 */
declare const __LB_SKIP_GRAMMAR_CHECKS__: boolean | undefined;
const skipValidations = typeof __LB_SKIP_GRAMMAR_CHECKS__ === 'boolean' && __LB_SKIP_GRAMMAR_CHECKS__;

export class LbParser extends CstParser {
  constructor() {
    super(parserTokens, { recoveryEnabled: true, nodeLocationTracking: 'none', maxLookahead: 3, errorMessageProvider: messages, skipValidations });
    this.performSelfAnalysis();
  }

  private itemsAlts?: Alts;
  private itemAlts?: Alts;
  private fnBodyAlts?: Alts;
  private elseAlts?: Alts;
  private importPathAlts?: Alts;
  private junkAlts?: Alts;
  private operandAlts?: Alts;
  private postfixAlts?: Alts;
  private primaryAlts?: Alts;
  private binaryTail?: DSLMethodOptsWithErr<void>;
  private juxtaposedBinaryTail?: DSLMethodOptsWithErr<void>;
  private postfixTail?: DSLMethodOptsWithErr<void>;

  /**
   * chevrotain creates each CST node's `children` with `Object.create(null)`, which V8 keeps in dictionary mode
   * (about 400 bytes a node); on large files most of the parse went to garbage collection. A plain object literal
   * stays a fast-mode object. No child key collides with an `Object.prototype` member (they are rule and token names).
   */
  cstInvocationStateUpdate(fullRuleName: string): void {
    (this as unknown as { CST_STACK: CstNode[] }).CST_STACK.push({ name: fullRuleName, children: {} });
  }

  /** Re-synchronise only at statement boundaries (see the file comment). EOF is always in the follow set. */
  findReSyncTokenType(): TokenType {
    const follows = (this as unknown as { flattenFollowSet(): TokenType[] }).flattenFollowSet();
    const candidates = follows.filter((f) => f === T.Sep || f === T.RBrace);
    for (let k = 1; ; k++) {
      const tok = this.LA(k);
      if (tok.tokenType === EOF) return EOF;
      for (const f of candidates) if (tokenMatcher(tok, f)) return f;
    }
  }

  /** True when the next token touches the previous one (no space): `f(x)`, `xs[0]`. */
  private adjacent(): boolean {
    const prev = this.LA(0);
    const next = this.LA(1);
    return prev !== undefined && prev.endOffset !== undefined && next.startOffset === prev.endOffset + 1;
  }

  /** `a -1` in an argument list: a minus with space before and none after starts a new (negative) argument. */
  private prefixMinus(): boolean {
    const prev = this.LA(0);
    const minus = this.LA(1);
    const next = this.LA(2);
    if (minus.tokenType !== T.Minus || prev?.endOffset === undefined) return false;
    return minus.startOffset > prev.endOffset + 1 && next.startOffset === minus.startOffset + 1;
  }

  /** A binary operator continues the expression, except a prefix-looking minus in arguments or `*:` (an address). */
  private binaryOperatorAhead(juxtaposed: boolean): boolean {
    const next = this.LA(1).tokenType;
    if (next === T.Minus) return !(juxtaposed && this.prefixMinus());
    if (next === T.Star) return this.LA(2).tokenType !== T.Colon;
    return true;
  }

  private callAhead(): boolean {
    const name = this.LA(1);
    const paren = this.LA(2);
    return paren.tokenType === T.LParen && name.endOffset !== undefined && paren.startOffset === name.endOffset + 1;
  }

  /** A rule taking the "juxtaposed" flag; chevrotain supports rule arguments, its CstParser typings do not. */
  private argRule(name: string, impl: (juxtaposed: boolean) => void): ParserMethod<[boolean], CstNode> {
    const rule = this.RULE as unknown as (n: string, f: (juxtaposed: boolean) => void) => ParserMethod<[boolean], CstNode>;
    return rule.call(this, name, impl);
  }

  // ---------- statements ----------

  file = this.RULE('file', () => {
    this.SUBRULE(this.items);
  });

  /** Entry point for the expression inside `${...}`. */
  interpolation = this.RULE('interpolation', () => {
    this.SUBRULE(this.expression, PLAIN);
  });

  items = this.RULE('items', () => {
    this.MANY(() => {
      this.OR((this.itemsAlts ??= [alt(() => this.CONSUME(T.Sep)), alt(() => this.SUBRULE(this.item))]));
    });
  });

  item = this.RULE('item', () => {
    this.OR(
      (this.itemAlts ??= [
        alt(() => this.SUBRULE(this.letStmt)),
        alt(() => this.SUBRULE(this.fnDecl)),
        alt(() => this.SUBRULE(this.forStmt)),
        alt(() => this.SUBRULE(this.ifStmt)),
        alt(() => this.SUBRULE(this.importStmt)),
        { ...gatedAlt(() => this.callAhead(), () => this.SUBRULE(this.callStmt)), IGNORE_AMBIGUITIES: true },
        alt(() => this.SUBRULE(this.declaration)),
        alt(() => this.SUBRULE(this.junk)),
      ]),
    );
    this.OPTION(() => this.CONSUME2(T.Sep));
  });

  letStmt = this.RULE('letStmt', () => {
    this.CONSUME(T.Let);
    this.CONSUME(T.Identifier, NAME);
    this.CONSUME(T.Equals);
    this.SUBRULE(this.expression, PLAIN);
  });

  fnDecl = this.RULE('fnDecl', () => {
    this.CONSUME(T.Fn);
    this.CONSUME(T.Identifier, NAME);
    this.CONSUME(T.LParen);
    this.OPTION(() => {
      this.CONSUME2(T.Identifier, PARAM);
      this.MANY(() => {
        this.CONSUME(T.Comma);
        this.CONSUME3(T.Identifier, PARAM);
      });
    });
    this.CONSUME(T.RParen);
    this.OR(
      (this.fnBodyAlts ??= [
        alt(() => this.SUBRULE(this.body)),
        alt(() => {
          this.CONSUME(T.Equals);
          this.SUBRULE(this.expression, PLAIN);
        }),
      ]),
    );
  });

  forStmt = this.RULE('forStmt', () => {
    this.CONSUME(T.For);
    this.CONSUME(T.Identifier, FIRST);
    this.OPTION(() => {
      this.CONSUME(T.Comma);
      this.CONSUME2(T.Identifier, SECOND);
    });
    this.CONSUME(T.In);
    this.SUBRULE(this.expression, PLAIN);
    this.SUBRULE(this.body);
  });

  ifStmt = this.RULE('ifStmt', () => {
    this.CONSUME(T.If);
    this.SUBRULE(this.expression, PLAIN);
    this.SUBRULE(this.body, THEN);
    this.OPTION(() => {
      this.CONSUME(T.Else);
      this.OR((this.elseAlts ??= [alt(() => this.SUBRULE(this.ifStmt, ELSE_IF)), alt(() => this.SUBRULE2(this.body, ELSE))]));
    });
  });

  importStmt = this.RULE('importStmt', () => {
    this.CONSUME(T.Import);
    this.OR((this.importPathAlts ??= [alt(() => this.CONSUME(T.StringLiteral, PATH)), alt(() => this.CONSUME(T.UnterminatedString, PATH))]));
  });

  callStmt = this.RULE('callStmt', () => {
    this.CONSUME(T.Identifier, CALLEE);
    this.CONSUME(T.LParen);
    this.SUBRULE(this.callArgs);
    this.CONSUME(T.RParen);
  });

  /** A Block or a Directive: `keyword args, args { items }`; the body decides which. */
  declaration = this.RULE('declaration', () => {
    this.CONSUME(T.Identifier, KEYWORD);
    this.SUBRULE(this.argGroup);
    this.MANY(() => {
      this.CONSUME(T.Comma);
      this.SUBRULE2(this.argGroup);
    });
    this.OPTION(() => this.SUBRULE(this.body));
  });

  argGroup = this.RULE('argGroup', () => {
    this.MANY(() => this.SUBRULE(this.expression, JUXTAPOSED));
  });

  body = this.RULE('body', () => {
    this.CONSUME(T.LBrace);
    this.SUBRULE(this.items);
    this.CONSUME(T.RBrace);
  });

  /** A line that cannot be a statement; kept (and reported) so the rest of the file still parses. */
  junk = this.RULE('junk', () => {
    this.OR(
      (this.junkAlts ??= [
        alt(() => {
          this.CONSUME(JunkStart);
          this.MANY(() => this.CONSUME(JunkRest));
          this.OPTION(() => this.SUBRULE(this.body));
        }),
        alt(() => this.SUBRULE2(this.body)),
      ]),
    );
  });

  // ---------- expressions (the argument says whether we are in a space-separated argument list) ----------

  /**
   * `operand (operator operand)*` with every binary operator at one level: precedence is applied when lowering
   * (see BINARY_PRECEDENCE in lower.ts). One flat rule instead of a rule per level keeps the CST shallow, which
   * makes parsing several times faster. The two repetitions differ only in their gate; chevrotain keys its
   * lookahead by the repetition's position, so both stand for the same MANY.
   */
  expression = this.argRule('expression', (juxtaposed) => {
    this.SUBRULE(this.operand, OPERAND);
    this.MANY(juxtaposed ? (this.juxtaposedBinaryTail ??= this.binaryTailOf(true)) : (this.binaryTail ??= this.binaryTailOf(false)));
  });

  private binaryTailOf(juxtaposed: boolean): DSLMethodOptsWithErr<void> {
    return gated(
      () => this.binaryOperatorAhead(juxtaposed),
      () => {
        this.CONSUME(BinaryOperator, OPERATOR);
        this.SUBRULE2(this.operand, OPERAND);
      },
    );
  }

  /**
   * Prefix operators, then a value, or an address built from values: `host:port`, `*:port`. The address binds
   * tighter than arithmetic (`127.0.0.1:base + i`), prefix operators looser (`-a:b` negates the address).
   */
  operand = this.RULE('operand', () => {
    this.MANY(() => this.CONSUME(PrefixOperator, PREFIX));
    this.OR(
      (this.operandAlts ??= [
        alt(() => {
          this.CONSUME(T.Star, WILDCARD);
          this.CONSUME(T.Colon);
          this.SUBRULE(this.primary, PORT);
        }),
        alt(() => {
          this.SUBRULE2(this.primary, HOST);
          this.OPTION(() => {
            this.CONSUME2(T.Colon);
            this.SUBRULE3(this.primary, PORT);
          });
        }),
      ]),
    );
  });

  postfixOp = this.RULE('postfixOp', () => {
    this.OR(
      (this.postfixAlts ??= [
        alt(() => {
          this.CONSUME(T.LParen);
          this.SUBRULE(this.callArgs);
          this.CONSUME(T.RParen);
        }),
        alt(() => {
          this.CONSUME(T.Dot);
          this.CONSUME(T.Identifier, PROPERTY);
        }),
        alt(() => {
          this.CONSUME(T.LBracket);
          this.SUBRULE(this.expression, PLAIN);
          this.CONSUME(T.RBracket);
        }),
      ]),
    );
  });

  callArgs = this.RULE('callArgs', () => {
    this.OPTION(() => {
      this.SUBRULE(this.expression, PLAIN);
      this.MANY(() => {
        this.CONSUME(T.Comma);
        this.SUBRULE2(this.expression, PLAIN);
      });
    });
  });

  /** A value with its postfix operations: `f(x)`, `xs[0]`, `a.b` (call and index only when adjacent). */
  primary = this.RULE('primary', () => {
    this.OR(
      (this.primaryAlts ??= [
        alt(() => this.CONSUME(Literal, LITERAL)),
        alt(() => this.CONSUME(T.Identifier, NAME)),
        alt(() => this.SUBRULE(this.list)),
        alt(() => {
          this.CONSUME(T.LParen);
          this.SUBRULE(this.expression, PARENTHESIZED);
          this.CONSUME(T.RParen);
        }),
      ]),
    );
    this.MANY(
      (this.postfixTail ??= gated(
        () => this.LA(1).tokenType === T.Dot || this.adjacent(),
        () => this.SUBRULE(this.postfixOp),
      )),
    );
  });

  list = this.RULE('list', () => {
    this.CONSUME(T.LBracket);
    this.OPTION(() => {
      this.SUBRULE(this.expression, PLAIN);
      this.MANY(() => {
        this.CONSUME(T.Comma);
        this.SUBRULE2(this.expression, PLAIN);
      });
      this.OPTION2(() => this.CONSUME2(T.Comma));
    });
    this.CONSUME(T.RBracket);
  });
}

/** The shared instance: building a chevrotain parser analyses the whole grammar, so it is done once. */
export const parser = new LbParser();
