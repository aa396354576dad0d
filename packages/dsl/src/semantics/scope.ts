/** Lexical scopes of the interpreter: a chain of maps from names to values. */
import type { Span } from '../diagnostics/diagnostic.ts';
import type { EvalValue } from './values.ts';

export interface Binding {
  value: EvalValue;
  /** Where the name was bound (the `let`, `fn`, parameter or loop variable). */
  span: Span;
}

export class Scope {
  private readonly bindings = new Map<string, Binding>();
  constructor(readonly parent?: Scope) {}

  lookup(name: string): Binding | undefined {
    return this.bindings.get(name) ?? this.parent?.lookup(name);
  }

  /** The binding of `name` in this scope only (not its parents), for duplicate checks. */
  own(name: string): Binding | undefined {
    return this.bindings.get(name);
  }

  define(name: string, binding: Binding): void {
    this.bindings.set(name, binding);
  }

  entries(): IterableIterator<[string, Binding]> {
    return this.bindings.entries();
  }

  child(): Scope {
    return new Scope(this);
  }
}
