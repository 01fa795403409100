// What the operator may type in the STK Push dialog, checked as typed. The same rules as the server's
// (io.stkpush.api.PhoneNumber and the amount rule of POST /stkpush/api/pushes), so most mistakes are caught before
// anything is sent; the server still has the last word.

export const PHONE_EXAMPLES = 'Starting with 0 or 254: 0712345678 or 254712345678';
const PHONE_RULE = 'Enter a Safaricom number like 0712345678 or 254712345678.';
const AMOUNT_RULE = 'Enter a whole amount in KES between 1 and 250,000.';
const MAX_AMOUNT = 250000;

// The two forms of the user guide: '0' is a digit as written, 'X' a 7 or 1, '#' any digit.
const LOCAL_FORM = '0X########';
const INTERNATIONAL_FORM = '254X########';

function fits(digits, form, whole) {
  if (digits.length > form.length || (whole && digits.length !== form.length)) {
    return false;
  }
  return [...digits].every((d, i) => form[i] === '#' || (form[i] === 'X' ? d === '7' || d === '1' : d === form[i]));
}

/**
 * Checks a phone number as typed: spaces, dashes and a leading + are allowed.
 * While typing (finished false) a number that can still become valid is not an error yet.
 *
 * @returns {{msisdn: string}|{error: string}|{pending: true}}
 */
export function checkPhone(text, finished) {
  const compact = String(text ?? '').trim().replace(/[\s-]/g, '');
  if (compact === '') {
    return finished ? { error: 'Enter the phone number to send the prompt to.' } : { pending: true };
  }
  const plus = compact.startsWith('+');
  const digits = plus ? compact.slice(1) : compact;
  if (!/^\d*$/.test(digits)) {
    return { error: PHONE_RULE };
  }
  const forms = plus ? [INTERNATIONAL_FORM] : [LOCAL_FORM, INTERNATIONAL_FORM];
  const whole = forms.find((form) => fits(digits, form, true));
  if (whole) {
    return { msisdn: whole === LOCAL_FORM ? `254${digits.slice(1)}` : digits };
  }
  if (!finished && forms.some((form) => fits(digits, form, false))) {
    return { pending: true };
  }
  return { error: PHONE_RULE };
}

/**
 * Checks an amount in whole shillings, 1 to 250,000; thousands separators (commas, spaces) are allowed.
 *
 * @returns {{shillings: number}|{error: string}|{pending: true}}
 */
export function checkAmount(text, finished) {
  const compact = String(text ?? '').trim().replace(/[,\s]/g, '');
  if (compact === '') {
    return finished ? { error: 'Enter the amount in KES.' } : { pending: true };
  }
  if (!/^\d+$/.test(compact)) {
    return { error: AMOUNT_RULE };
  }
  const shillings = Number(compact);
  if (shillings < 1 || shillings > MAX_AMOUNT) {
    return { error: AMOUNT_RULE };
  }
  return { shillings };
}

/** 254712345678 → 0712345678, the local form operators read; anything else as it is. */
export function localPhone(msisdn) {
  return /^254\d{9}$/.test(msisdn ?? '') ? `0${msisdn.slice(3)}` : (msisdn ?? '');
}

export function kes(shillings) {
  return `KES ${Number(shillings).toLocaleString('en-KE')}`;
}
