/**
 * A unified diff (`diff -u` format, 3 lines of context) between two texts, for `lb fmt --check`. Myers' O(ND)
 * algorithm on lines; formatting changes are small, so D stays small.
 */

type Op = { kind: ' ' | '-' | '+'; line: string; oldNo: number; newNo: number };

/** Marks a last line that has no newline, so that it differs from the same line with one. */
const NO_NEWLINE = '\u0000';

function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  else lines[lines.length - 1] += NO_NEWLINE;
  return lines;
}

/** The edit script turning `a` into `b`, as a list of kept, removed and added lines. */
function editScript(a: string[], b: string[]): Op[] {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let found = false;
  for (let d = 0; d <= max && !found; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found = true;
        break;
      }
    }
  }
  // Walk the trace back from the end to recover the path.
  const ops: Op[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0; d--) {
    const vd = trace[d];
    const k = x - y;
    const prevK = k === -d || (k !== d && vd[offset + k - 1] < vd[offset + k + 1]) ? k + 1 : k - 1;
    const prevX = d === 0 ? 0 : vd[offset + prevK];
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      x--;
      y--;
      ops.push({ kind: ' ', line: a[x], oldNo: x, newNo: y });
    }
    if (d === 0) break;
    if (x === prevX) {
      y--;
      ops.push({ kind: '+', line: b[y], oldNo: x, newNo: y });
    } else {
      x--;
      ops.push({ kind: '-', line: a[x], oldNo: x, newNo: y });
    }
  }
  return ops.reverse();
}

const CONTEXT = 3;

/**
 * `--- oldLabel` / `+++ newLabel` and the hunks; empty when the texts are equal. A missing final newline is marked
 * with `\ No newline at end of file`, as diff does, so that `patch` applies the result exactly.
 */
export function unifiedDiff(before: string, after: string, oldLabel: string, newLabel: string): string {
  if (before === after) return '';
  const a = splitLines(before);
  const b = splitLines(after);
  const ops = editScript(a, b);
  const out: string[] = [`--- ${oldLabel}`, `+++ ${newLabel}`];
  const changes = ops.map((op, i) => (op.kind === ' ' ? -1 : i)).filter((i) => i >= 0);
  let i = 0;
  while (i < changes.length) {
    const start = Math.max(0, changes[i] - CONTEXT);
    let end = Math.min(ops.length, changes[i] + CONTEXT + 1);
    let j = i + 1;
    while (j < changes.length && changes[j] - CONTEXT <= end) {
      end = Math.min(ops.length, changes[j] + CONTEXT + 1);
      j++;
    }
    const hunk = ops.slice(start, end);
    const oldCount = hunk.filter((o) => o.kind !== '+').length;
    const newCount = hunk.filter((o) => o.kind !== '-').length;
    const oldStart = hunkStart(hunk, 'old');
    const newStart = hunkStart(hunk, 'new');
    out.push(`@@ -${range(oldStart, oldCount)} +${range(newStart, newCount)} @@`);
    for (const op of hunk) {
      if (op.line.endsWith(NO_NEWLINE)) out.push(`${op.kind}${op.line.slice(0, -1)}`, '\\ No newline at end of file');
      else out.push(`${op.kind}${op.line}`);
    }
    i = j;
  }
  return `${out.join('\n')}\n`;
}

/** 1-based first line of a hunk on one side (the line before it when the side is empty, as diff prints). */
function hunkStart(hunk: Op[], side: 'old' | 'new'): number {
  const own = hunk.find((o) => o.kind === ' ' || o.kind === (side === 'old' ? '-' : '+'));
  if (own) return (side === 'old' ? own.oldNo : own.newNo) + 1;
  return side === 'old' ? hunk[0].oldNo : hunk[0].newNo;
}

function range(start: number, count: number): string {
  return count === 1 ? `${start}` : `${start},${count}`;
}
