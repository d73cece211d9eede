/**
 * A stored phone (+86 and 11 digits, or masked as +86138****1234) as people in China write a mobile number:
 * 138 0013 8000, in groups of 3-4-4 and without the country code. Anything else is shown as stored.
 */
export function displayPhone(phone: string | null | undefined): string {
  if (!phone) return '';
  const m = /^\+86(1[\d*]{2})([\d*]{4})(\d{4})$/.exec(phone);
  return m ? `${m[1]} ${m[2]} ${m[3]}` : phone;
}
