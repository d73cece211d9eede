/** ISO 3779 VIN characters: digits and letters without I, O and Q. */
export const VIN_CHARS = '0123456789ABCDEFGHJKLMNPRSTUVWXYZ';

/** A random valid VIN (a Chinese-built prefix, then 14 random characters): unique enough for one test run. */
export function randomVin(): string {
  return 'LSV' + Array.from({ length: 14 }, () => VIN_CHARS[Math.floor(Math.random() * VIN_CHARS.length)]).join('');
}
