import leven from 'leven';

/** "Did you mean": the closest known name to one written with a typo (leven's edit distance, bounded). */

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
    const d = leven(lower, c.toLowerCase(), { maxDistance: bestDistance });
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}
