/**
 * "Did you mean …?" for misspelt property names.
 *
 * @packageDocumentation
 */

/** Levenshtein distance (insert, delete, substitute, and swap of two neighbours). */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) =>
    Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const row = d[i] as number[];
      const up = d[i - 1] as number[];
      let best = Math.min(up[j]! + 1, row[j - 1]! + 1, up[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, (d[i - 2] as number[])[j - 2]! + 1);
      }
      row[j] = best;
    }
  }
  return (d[a.length] as number[])[b.length]!;
}

/**
 * The candidate closest to `input` (compared without case), when it is close enough to be a likely typo: at most
 * a third of the input's length in edits, and never more than 4.
 */
export function closestMatch(input: string, candidates: Iterable<string>): string | undefined {
  const needle = input.toLowerCase();
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(needle, candidate.toLowerCase());
    if (best === undefined || distance < best.distance) best = { candidate, distance };
  }
  if (best === undefined) return undefined;
  const limit = Math.min(4, Math.max(1, Math.floor(needle.length / 3)));
  return best.distance <= limit ? best.candidate : undefined;
}
