// What the demo pages share: building table rows, the words and formats an operator in Kenya reads, and the
// subscriber names the payment lists show. Plain DOM, no framework.

import { api, ApiError } from './api.js';

/** `el('td', { class: 'amount' }, '1,500')`: an element with attributes and children (text or nodes). */
export function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== null && value !== undefined && value !== false) {
      element.setAttribute(name, value === true ? '' : value);
    }
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined) element.append(child instanceof Node ? child : String(child));
  }
  return element;
}

const NAIROBI = 'Africa/Nairobi';
const shortTime = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: NAIROBI,
});
const fullTime = new Intl.DateTimeFormat('en-GB', { dateStyle: 'full', timeStyle: 'long', timeZone: NAIROBI });
const day = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: NAIROBI });

/** A time from the API (ISO-8601, UTC) as a `<time>` in Nairobi time, e.g. "30 Nov 2026, 21:34". */
export function time(iso) {
  if (!iso) return '—';
  const when = new Date(iso);
  return el('time', { datetime: iso, title: fullTime.format(when) }, shortTime.format(when));
}

/** A date only, e.g. "12 December 2026". */
export function date(iso) {
  return iso ? day.format(new Date(iso)) : '—';
}

/** Whole shillings with thousands separators: 1500 → "1,500". */
export function kes(amount) {
  return amount === null || amount === undefined ? '—' : Number(amount).toLocaleString('en-KE');
}

/**
 * A phone as the API or the host gives it. Full numbers are shown as operators read them (0712 345 678); M-Pesa
 * masks C2B numbers ("2547 ***** 126", shown as is) or hashes them (C2B v1: 64 hex digits, nothing to show).
 */
export function phone(text) {
  if (!text) return '—';
  const digits = String(text).replace(/[\s+-]/g, '');
  const full = /^(?:254|0)(\d{9})$/.exec(digits);
  if (full) {
    const national = '0' + full[1];
    return national.slice(0, 4) + ' ' + national.slice(4, 7) + ' ' + national.slice(7);
  }
  if (/^[0-9a-f]{64}$/i.test(digits)) return 'hidden by M-Pesa';
  return text;
}

/** The national digits of a phone typed any way (0712…, 254712…, +254 712 …), for searching. */
export function phoneDigits(text) {
  const digits = String(text || '').replace(/\D/g, '');
  if (digits.startsWith('254')) return digits.slice(3);
  if (digits.startsWith('0')) return digits.slice(1);
  return digits;
}

/** Which M-Pesa channel reported a payment. */
export const SOURCE = { STK: 'STK Push', C2B: 'Pay Bill' };

// Subscribers by id, each asked once per page: payments carry only the id.
const subscribers = new Map();

/** The subscriber (`id, name, account, phone, plan, expiresAt`), or null when the host does not know the id. */
export function subscriber(id) {
  if (!id) return Promise.resolve(null);
  if (!subscribers.has(id)) {
    subscribers.set(id, api('/stkpush/api/subscribers/' + encodeURIComponent(id)).catch((e) => {
      subscribers.delete(id); // ask again next time: the host may have been restarting
      if (e instanceof ApiError && e.status === 404) return null;
      throw e;
    }));
  }
  return subscribers.get(id);
}

/** The subscribers of these ids, as a Map; an id the host does not know (or cannot tell now) maps to null. */
export async function subscribersOf(ids) {
  const unique = [...new Set(ids.filter(Boolean))];
  const found = await Promise.all(unique.map((id) => subscriber(id).catch(() => null)));
  return new Map(unique.map((id, i) => [id, found[i]]));
}

/** A link to the subscriber's page, named as the host names them (the id when unknown). */
export function subscriberLink(id, known) {
  if (!id) return '—';
  return el('a', { href: 'subscriber.html?id=' + encodeURIComponent(id) }, known ? known.name : id);
}

/** Says something to the operator in the page's status line (a polite live region for screen readers). */
export function announce(words, kind = 'info') {
  const status = document.getElementById('status');
  if (!status) return;
  status.textContent = words;
  status.dataset.kind = kind;
}

/** A table body's single row saying why it is empty (or failed to load). */
export function emptyRow(tbody, words, kind = 'empty') {
  const columns = tbody.closest('table').querySelectorAll('thead th').length;
  tbody.replaceChildren(el('tr', { class: 'message-row' }, el('td', { colspan: columns, 'data-kind': kind }, words)));
}

/**
 * Puts the rows in the table body, or says `emptyWords` when there are none, and stamps the table with the time
 * (`data-loaded-at`). Each cell is labelled with its column's heading, which a phone-sized window shows beside it.
 */
export function fill(tbody, rows, emptyWords) {
  const table = tbody.closest('table');
  if (rows.length === 0) {
    emptyRow(tbody, emptyWords);
  } else {
    const headings = [...table.querySelectorAll('thead th')].map((th) => th.textContent.trim());
    for (const row of rows) {
      [...row.cells].forEach((cell, i) => cell.setAttribute('data-label', headings[i] || ''));
    }
    tbody.replaceChildren(...rows);
  }
  table.dataset.loadedAt = new Date().toISOString();
}

/**
 * The live-updates indicator: "Live" while the event WebSocket is connected, otherwise says that Refresh shows
 * what is new.
 */
export function showLiveState(state) {
  const live = document.getElementById('live-state');
  if (!live) return;
  live.dataset.state = state;
  live.textContent = state === 'live' ? 'Live updates on'
    : 'Live updates paused, reconnecting… Refresh shows what is new';
}

/** Runs `load` now and again on `refresh` clicks; the button is disabled while loading. */
export function refreshWith(button, load) {
  async function run() {
    button.disabled = true;
    button.setAttribute('aria-busy', 'true');
    try {
      await load();
    } finally {
      button.disabled = false;
      button.removeAttribute('aria-busy');
    }
  }
  button.addEventListener('click', run);
  return run;
}

/**
 * Calls `load` at most once at a time: a burst of events while a load runs gives one more load afterwards, not
 * one per event.
 */
export function coalesce(load) {
  let running = null;
  let again = false;
  return function request() {
    if (running) {
      again = true;
      return running;
    }
    running = Promise.resolve(load()).finally(() => {
      running = null;
      if (again) {
        again = false;
        request();
      }
    });
    return running;
  };
}

/**
 * Opens the page's `<stk-push-dialog>` (served by the stkpush portal bundle at /stkpush/ui/stk-push-dialog.js).
 * If the script has not loaded yet it waits a few seconds for it, then says so. `renew: true` opens it in renewal
 * mode and sends the prompt at once (its mode, plan-id and phone attributes say what for).
 */
export async function openStkPushDialog(dialog, { renew = false } = {}) {
  if (!customElements.get('stk-push-dialog')) {
    const defined = customElements.whenDefined('stk-push-dialog');
    const late = new Promise((resolve) => setTimeout(resolve, 5000, 'late'));
    if (await Promise.race([defined, late]) === 'late') {
      announce('The STK Push dialog is not available: the stkpush portal is not running. Try again in a minute.',
        'error');
      return;
    }
  }
  if (renew) dialog.renew();
  else dialog.open();
}

/**
 * One payment as a table row: time, receipt, [subscriber,] phone, amount, source, linked. An unredeemed payment
 * is marked, with a link to Unmatched Payments where it is linked, and names whom it was meant for, if known.
 * `names` maps subscriber ids (linked and intended) to subscribers.
 */
export function paymentRow(payment, names, { withSubscriber = true } = {}) {
  const linked = payment.unredeemed
    ? el('a', { class: 'badge warn', href: 'unmatched.html?q=' + encodeURIComponent(payment.receipt || '') },
      'Unredeemed')
    : el('span', { class: 'badge ok' }, 'Linked');
  return el('tr', {
    'data-payment-id': payment.paymentId,
    'data-receipt': payment.receipt,
    'data-unredeemed': payment.unredeemed ? 'true' : 'false',
  },
  el('td', {}, time(payment.paidAt)),
  el('td', { class: 'receipt' }, payment.receipt || '—'),
  withSubscriber ? el('td', {}, payment.subscriberId || !payment.intendedSubscriberId
    ? subscriberLink(payment.subscriberId, names.get(payment.subscriberId))
    : el('span', { class: 'meant-for' }, 'meant for ',
      subscriberLink(payment.intendedSubscriberId, names.get(payment.intendedSubscriberId)))) : null,
  el('td', { class: 'phone' }, phone(payment.phone)),
  el('td', { class: 'amount' }, kes(payment.amount)),
  el('td', {}, SOURCE[payment.source] || payment.source || '—'),
  el('td', {}, linked));
}

/** The event types after which a list of payments is out of date. */
export const PAYMENT_EVENTS = new Set(['payment_recorded', 'unredeemed_payment_recorded', 'payment_linked']);


/** A renewal's state as the operator reads it, as a badge: Renewing…, Renewed, Failed, Not paid. */
export function renewalBadge(state) {
  const [words, kind] = {
    PENDING: ['Renewing…', 'warn'], APPLIED: ['Renewed', 'ok'], FAILED: ['Failed', 'bad'],
    NOT_PAID: ['Not paid', 'muted'],
  }[state] || [state || '—', 'muted'];
  return el('span', { class: 'badge ' + kind, 'data-state': state }, words);
}

/**
 * The renewals stkpush has for a query (`pushId=…`, `subscriberId=…&limit=…`, `state=FAILED`), or null when
 * stkpush renews nothing here (the stkpush-renewal feature is not installed: the path is not there).
 */
export async function renewals(query) {
  try {
    return await api('/stkpush/api/renewals?' + query);
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return null;
    throw e;
  }
}
