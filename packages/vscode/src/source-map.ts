/**
 * Synced selection between a .lb file and its generated files, from the source map lb.preview returns: one entry
 * per generated line, the .lb location it came from (or null). Pure functions over that data, so they are tested
 * without VS Code.
 */

export interface MapPosition {
  line: number;
  character: number;
}
export interface MapLocation {
  uri: string;
  range: { start: MapPosition; end: MapPosition };
}
/** One generated file as lb.preview returns it. */
export interface PreviewFile {
  path: string;
  target: string;
  host?: string;
  text: string;
  map: (MapLocation | null)[];
}

/** The most selected source lines one request maps; a select-all of a huge file should not freeze the editor. */
const MAX_SELECTED_LINES = 2000;

/**
 * The generated lines that came from the selected source lines (0-based, inclusive). For each selected line only the
 * most specific entries count: on a `server` line, the server's own lines, not every line of its backend block.
 */
export function generatedLinesFor(
  map: readonly (MapLocation | null)[],
  isSource: (uri: string) => boolean,
  firstLine: number,
  lastLine: number,
): number[] {
  const lines = new Set<number>();
  const last = Math.min(lastLine, firstLine + MAX_SELECTED_LINES);
  for (let selected = firstLine; selected <= last; selected++) {
    let bestSpan = Infinity;
    let best: number[] = [];
    map.forEach((loc, generated) => {
      if (!loc || !isSource(loc.uri)) return;
      if (selected < loc.range.start.line || selected > loc.range.end.line) return;
      const span = loc.range.end.line - loc.range.start.line;
      if (span < bestSpan) {
        bestSpan = span;
        best = [generated];
      } else if (span === bestSpan) best.push(generated);
    });
    for (const line of best) lines.add(line);
  }
  return [...lines].sort((a, b) => a - b);
}

/** Generated lines as the fewest ranges of consecutive lines, for highlighting and revealing them. */
export function lineRuns(lines: readonly number[]): { start: number; end: number }[] {
  const runs: { start: number; end: number }[] = [];
  for (const line of [...lines].sort((a, b) => a - b)) {
    const last = runs[runs.length - 1];
    if (last && line <= last.end + 1) last.end = Math.max(last.end, line);
    else runs.push({ start: line, end: line });
  }
  return runs;
}

/** Where a generated line came from, if anywhere (blank lines and the header come from nowhere). */
export function sourceLocationFor(map: readonly (MapLocation | null)[], line: number): MapLocation | undefined {
  return map[line] ?? undefined;
}
