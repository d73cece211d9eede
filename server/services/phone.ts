/**
 * China mobile numbers: 11 digits starting 1[3-9]. Accepts +86 / 86 / 0086 prefixes, spaces, dashes and dots;
 * returns the normalised +861XXXXXXXXXX or null when it is not a mobile number.
 */
export function normalizeChinaMobile(input: string): string | null {
  const compact = input.trim().replace(/[\s\-.()（）]/g, '');
  const m = /^(?:\+?86|0086)?(1[3-9]\d{9})$/.exec(compact);
  return m ? `+86${m[1]}` : null;
}

/** +86 138****1234: what marketing and analysts see. */
export function maskPhone(phone: string): string {
  return phone.length > 10 ? `${phone.slice(0, 6)}****${phone.slice(-4)}` : '****';
}
