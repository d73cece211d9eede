/**
 * How credit for a referred sale splits along its chain: the direct referrer gets the largest share and each
 * earlier hop half of the next one's, normalised to sum to 1. For n referrers, the one at position k
 * (1 = direct referrer, n = originator) gets 2^(n-k) / (2^n - 1): n=1 → 1; n=2 → 2/3, 1/3; n=3 → 4/7, 2/7, 1/7.
 */
export interface CreditShare {
  position: number;
  numerator: number;
  denominator: number;
  share: number;
}

export function creditShares(n: number): CreditShare[] {
  if (!Number.isInteger(n) || n < 0 || n > 30) throw new RangeError(`chain length out of range: ${n}`);
  const denominator = 2 ** n - 1;
  return Array.from({ length: n }, (_, i) => {
    const position = i + 1;
    const numerator = 2 ** (n - position);
    return { position, numerator, denominator, share: numerator / denominator };
  });
}
