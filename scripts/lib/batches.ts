/**
 * Items in order, cut into batches of at least `chars` characters of text (the last may be
 * smaller): the unit of work handed to a worker thread.
 */
export function batchesOf<T extends { text: string }>(items: Iterable<T>, chars: number): T[][] {
  const out: T[][] = [];
  let current: T[] = [];
  let size = 0;
  for (const item of items) {
    current.push(item);
    size += item.text.length;
    if (size >= chars) {
      out.push(current);
      current = [];
      size = 0;
    }
  }
  if (current.length) out.push(current);
  return out;
}
