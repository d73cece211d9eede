/**
 * Rounds a score or a product of tie strengths to 9 decimals, so that 0.8 × 0.93 reaches the client as 0.744 rather
 * than 0.7440000000000001, and values that differ only by float noise compare equal.
 */
export const round9 = (x: number): number => Math.round(x * 1e9) / 1e9;
