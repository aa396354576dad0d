/** Lexical scopes of the interpreter: a chain of maps from names to values. */
import type { Span } from '../diagnostics/diagnostic.ts';
import type { EvalValue } from './values.ts';

export interface Binding {
  value: EvalValue;
  /** Where the name was bound (the `let`, `fn`, parameter or loop variable). */
  span: Span;
}

const NO_BINDINGS: ReadonlyMap<string, Binding> = new Map();

export class Scope {
  /** Made on the first `define`: most scopes (one per block body) never bind a name. */
  private bindings: Map<string, Binding> | undefined;
  constructor(readonly parent?: Scope) {}

  lookup(name: string): Binding | undefined {
    for (let scope: Scope | undefined = this; scope; scope = scope.parent) {
      const binding = scope.bindings?.get(name);
      if (binding) return binding;
    }
    return undefined;
  }

  /** The binding of `name` in this scope only (not its parents), for duplicate checks. */
  own(name: string): Binding | undefined {
    return this.bindings?.get(name);
  }

  define(name: string, binding: Binding): void {
    (this.bindings ??= new Map()).set(name, binding);
  }

  entries(): IterableIterator<[string, Binding]> {
    return (this.bindings ?? NO_BINDINGS).entries();
  }

  child(): Scope {
    return new Scope(this);
  }
}
