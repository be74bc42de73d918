/** "Did you mean": the closest known name to one written with a typo. */

/** " (did you mean X?)" for the closest of `candidates` to `wanted`, or ''. */
export function nearest(wanted: string, candidates: Iterable<string>): string {
  const best = closest(wanted, candidates);
  return best ? ` (did you mean "${best}"?)` : '';
}

/** The candidate within a small edit distance of `wanted` (a typo), if any. */
export function closest(wanted: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(wanted.length / 4)) + 1;
  const lower = wanted.toLowerCase();
  for (const c of candidates) {
    if (Math.abs(c.length - wanted.length) >= bestDistance) continue;
    const d = editDistance(lower, c.toLowerCase(), bestDistance);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

/** Levenshtein distance; stops counting at `limit` (returns `limit` once it is reached). */
export function editDistance(a: string, b: string, limit = Infinity): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      rowMin = Math.min(rowMin, cur[j]);
    }
    if (rowMin >= limit) return limit;
    prev = cur;
  }
  return prev[b.length];
}
