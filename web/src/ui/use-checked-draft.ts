import { useState, type SetStateAction } from 'react';

/**
 * A form's draft and its errors. The errors are derived from the draft once a save has been tried (before that the
 * form stays quiet), so every edit after a failed save shows what is still wrong without a second copy of the
 * errors to keep in step.
 */
export function useCheckedDraft<D, E extends object>(initial: D | (() => D), validate: (d: D) => E) {
  const [draft, setDraft] = useState<D>(initial);
  const [tried, setTried] = useState(false);
  const errors = (tried ? validate(draft) : {}) as Partial<E>;
  return {
    draft,
    errors,
    tried,
    update(patch: Partial<D>): void {
      setDraft((d) => ({ ...d, ...patch }));
    },
    /** React's own setter: stable, so effects may use it. */
    set: setDraft as (next: SetStateAction<D>) => void,
    /**
     * Marks the form as tried and answers whether it may be sent. When it may not, the first field marked invalid
     * in `scope` gets the focus once the errors are drawn.
     */
    check(scope: string): boolean {
      setTried(true);
      const ok = Object.keys(validate(draft)).length === 0;
      if (!ok) setTimeout(() => document.querySelector<HTMLElement>(`${scope} [aria-invalid="true"]`)?.focus(), 0);
      return ok;
    },
    /** A fresh draft, quiet again (after a save, for the next one). */
    reset(next: D): void {
      setDraft(next);
      setTried(false);
    },
  };
}
