// The weekly board shows 7 or 8 testimonials: enough to look alive, few enough to read standing up.

export const BOARD_MIN = 7;
export const BOARD_MAX = 8;

/** Adds or removes a candidate; an addition past the maximum is refused (the selection is returned as is). */
export function toggleSelection(selected: readonly string[], id: string): string[] {
  if (selected.includes(id)) return selected.filter((x) => x !== id);
  if (selected.length >= BOARD_MAX) return [...selected];
  return [...selected, id];
}

export function canPublish(selected: readonly string[]): boolean {
  return selected.length >= BOARD_MIN && selected.length <= BOARD_MAX && new Set(selected).size === selected.length;
}

/** The best 7-8 in the order the server ranked them, skipping any withdrawn since. */
export function suggestSelection(candidates: readonly { testimonialId: string; withdrawn?: boolean | null }[]): string[] {
  return candidates.filter((c) => !c.withdrawn).slice(0, BOARD_MAX).map((c) => c.testimonialId);
}

export type SelectionState = 'tooFew' | 'ok' | 'full';
export function selectionState(selected: readonly string[]): SelectionState {
  if (selected.length < BOARD_MIN) return 'tooFew';
  return selected.length >= BOARD_MAX ? 'full' : 'ok';
}

/** Moves an entry up or down (the order is the order on the poster). */
export function moveSelection(selected: readonly string[], id: string, delta: -1 | 1): string[] {
  const i = selected.indexOf(id);
  const j = i + delta;
  if (i < 0 || j < 0 || j >= selected.length) return [...selected];
  const next = [...selected];
  [next[i], next[j]] = [next[j]!, next[i]!];
  return next;
}
