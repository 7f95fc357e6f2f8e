/** The Luhn check used by IMEI numbers (the 15th digit checks the first 14). */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (d < 0 || d > 9) return false;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** The check digit that makes `fourteen` + digit pass the Luhn check. */
export function luhnCheckDigit(fourteen: string): number {
  for (let d = 0; d <= 9; d++) if (luhnValid(fourteen + d)) return d;
  return 0;
}
