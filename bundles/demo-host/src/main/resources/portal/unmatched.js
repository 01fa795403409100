// The Unmatched Payments page: unredeemed payments (search, Link to subscriber with a confirmation) and the
// payment requests left for review, kept current by the event WebSocket.

import { api, ApiError, listenToEvents } from './api.js';
import {
  announce, coalesce, el, emptyRow, fill, kes, phone, phoneDigits, refreshWith, showLiveState, subscriber,
  subscriberLink, subscribersOf, time,
} from './view.js';

const REVIEW_ADVICE = 'Check the payment on the M-Pesa portal; if it was paid, it will appear above for linking.';

const unmatchedBody = document.getElementById('unmatched');
const reviewBody = document.getElementById('review');
const search = document.getElementById('unmatched-search');
const count = document.getElementById('unmatched-count');
let unredeemed = []; // the payments listed, for the search and the link dialog

// ---- unredeemed payments ----------------------------------------------------------------------------------

async function loadUnredeemed() {
  let payments;
  try {
    payments = await api('/stkpush/api/payments?unredeemed=true&limit=200');
  } catch (e) {
    emptyRow(unmatchedBody, 'Unredeemed payments could not be loaded: ' + e.message, 'error');
    return;
  }
  unredeemed = payments;
  const names = await subscribersOf(payments.map((p) => p.intendedSubscriberId));
  fill(unmatchedBody, payments.map((p) => unredeemedRow(p, names)), 'No unredeemed payments: nothing to link.');
  applySearch();
}

function unredeemedRow(payment, names) {
  let meantFor = subscriberLink(payment.intendedSubscriberId, names.get(payment.intendedSubscriberId));
  if (!payment.intendedSubscriberId && payment.accountReference) {
    meantFor = el('span', {}, 'Account typed: ', el('strong', {}, payment.accountReference));
  }
  const button = el('button', {
    type: 'button', class: 'small', 'data-testid': 'link-button',
    'aria-label': 'Link payment ' + (payment.receipt || '') + ' to a subscriber',
  }, 'Link to subscriber');
  button.addEventListener('click', () => openLinkDialog(payment, button));
  return el('tr', { 'data-payment-id': payment.paymentId, 'data-receipt': payment.receipt },
    el('td', {}, time(payment.paidAt)),
    el('td', { class: 'receipt' }, payment.receipt || '—'),
    el('td', { class: 'phone' }, phone(payment.phone)),
    el('td', { class: 'amount' }, kes(payment.amount)),
    el('td', { 'data-reason': payment.unredeemedReason },
      payment.unredeemedMessage || payment.unredeemedReason || '—'),
    el('td', {}, meantFor),
    el('td', {}, button));
}

/** Whether a payment matches what the operator typed: part of the receipt, or the phone in any form. */
function matches(payment, query) {
  const text = query.trim().toUpperCase();
  if (!text) return true;
  if ((payment.receipt || '').toUpperCase().includes(text.replace(/\s/g, ''))) return true;
  const typed = phoneDigits(text);
  if (typed.length < 3) return false;
  const paid = String(payment.phone || '');
  if (paid.includes('*')) {
    // M-Pesa masks C2B numbers ("2547 ***** 126"): a full number typed matches on the digits it shows
    const tail = phoneDigits(paid.slice(paid.lastIndexOf('*') + 1));
    return tail.length >= 3 && typed.length >= 9 && typed.endsWith(tail);
  }
  return phoneDigits(paid).includes(typed);
}

function applySearch() {
  const query = search.value;
  const rows = [...unmatchedBody.querySelectorAll('tr[data-payment-id]')];
  let shown = 0;
  for (const row of rows) {
    const payment = unredeemed.find((p) => p.paymentId === row.dataset.paymentId);
    row.hidden = !(payment && matches(payment, query));
    if (!row.hidden) shown++;
  }
  count.textContent = !query.trim() || rows.length === 0 ? ''
    : shown === 0 ? 'No unredeemed payment matches "' + query.trim() + '".'
      : shown + ' of ' + rows.length + ' shown.';
}

search.addEventListener('input', applySearch);
search.value = new URLSearchParams(location.search).get('q') || '';

// ---- pushes left for review -------------------------------------------------------------------------------

async function loadReview() {
  let pushes;
  try {
    pushes = await api('/stkpush/api/pushes?needsReview=true&limit=100');
  } catch (e) {
    emptyRow(reviewBody, 'Payment requests for review could not be loaded: ' + e.message, 'error');
    return;
  }
  const names = await subscribersOf(pushes.map((p) => p.subscriberId));
  fill(reviewBody, pushes.map((push) => el('tr', { 'data-push-id': push.pushId },
    el('td', {}, time(push.createdAt)),
    el('td', {}, subscriberLink(push.subscriberId, names.get(push.subscriberId))),
    el('td', { class: 'phone' }, phone(push.phone)),
    el('td', { class: 'amount' }, kes(push.amount)),
    el('td', {}, push.message || push.status),
    el('td', {}, time(push.reviewSince)),
    el('td', {}, REVIEW_ADVICE))), 'Nothing is left for review.');
}

// ---- Link to subscriber: choose, confirm, link ------------------------------------------------------------

const dialog = document.getElementById('link-dialog');
const chooseStep = document.getElementById('link-choose');
const checkStep = document.getElementById('link-check');
const summary = document.getElementById('link-summary');
const subscriberSearch = document.getElementById('link-search');
const choices = document.getElementById('link-choices');
const question = document.getElementById('link-question');
const linkError = document.getElementById('link-error');
const continueButton = dialog.querySelector('[data-action="continue"]');
const confirmButton = dialog.querySelector('[data-action="confirm"]');

let linking = null; // { payment, opener, found: Map id -> subscriber, chosen }
let searchTimer = null;

async function openLinkDialog(payment, opener) {
  linking = { payment, opener, found: new Map(), chosen: payment.intendedSubscriberId || null };
  summary.textContent = 'Receipt ' + (payment.receipt || '—') + ': KES ' + kes(payment.amount) + ' from '
    + phone(payment.phone) + '.';
  subscriberSearch.value = '';
  linkError.textContent = '';
  showStep(chooseStep);
  showChoices([], 'Type a name, account number or phone to find the subscriber.');
  dialog.showModal();
  subscriberSearch.focus();
  const intended = await subscriber(payment.intendedSubscriberId).catch(() => null);
  if (intended && linking && linking.payment === payment && !subscriberSearch.value) {
    showChoices([intended], '');
    continueButton.focus(); // the subscriber it was meant for is chosen: one key press to go on
  }
}

function showStep(step) {
  chooseStep.hidden = step !== chooseStep;
  checkStep.hidden = step !== checkStep;
  dialog.setAttribute('aria-labelledby', step.querySelector('h2').id);
}

function showChoices(subscribers, words) {
  linking.found = new Map(subscribers.map((s) => [s.id, s]));
  if (!linking.found.has(linking.chosen)) linking.chosen = subscribers.length === 1 ? subscribers[0].id : null;
  const legend = choices.querySelector('legend');
  const options = subscribers.map((s) => {
    const radio = el('input',
      { type: 'radio', name: 'link-subscriber', value: s.id, checked: s.id === linking.chosen });
    radio.addEventListener('change', () => {
      linking.chosen = s.id;
      continueButton.disabled = false;
    });
    return el('label', { 'data-testid': 'link-subscriber-option', 'data-subscriber-id': s.id }, radio,
      el('span', {}, el('span', { class: 'who' }, s.name), ' ',
        el('span', { class: 'details' }, [s.account, phone(s.phone), s.plan].filter(Boolean).join(' · '))));
  });
  choices.replaceChildren(legend, ...(options.length ? options : [el('p', { class: 'hint' }, words)]));
  continueButton.disabled = !linking.chosen;
}

subscriberSearch.addEventListener('input', () => {
  clearTimeout(searchTimer);
  searchTimer = setTimeout(async () => {
    const q = subscriberSearch.value.trim();
    if (!q) return;
    try {
      const found = await api('/stkpush/api/subscribers?limit=10&q=' + encodeURIComponent(q));
      if (linking && subscriberSearch.value.trim() === q) showChoices(found, 'No subscriber matches "' + q + '".');
    } catch (e) {
      linkError.textContent = e.message;
    }
  }, 250);
});

dialog.addEventListener('click', async (e) => {
  const action = e.target.closest('button') && e.target.closest('button').dataset.action;
  if (action === 'cancel') dialog.close();
  if (action === 'back') {
    linkError.textContent = '';
    showStep(chooseStep);
    subscriberSearch.focus();
  }
  if (action === 'continue' && linking.chosen) {
    const chosen = linking.found.get(linking.chosen);
    question.replaceChildren('Link payment ', el('strong', {}, linking.payment.receipt || ''),
      ' of KES ' + kes(linking.payment.amount) + ' to ', el('strong', {}, chosen.name),
      ' (' + (chosen.account || chosen.id) + ')?');
    linkError.textContent = '';
    showStep(checkStep);
    confirmButton.focus();
  }
  if (action === 'confirm') await link();
});

async function link() {
  const { payment, chosen } = linking;
  const name = linking.found.get(chosen).name;
  confirmButton.disabled = true;
  try {
    await api('/stkpush/api/payments/' + encodeURIComponent(payment.paymentId) + '/link',
      { method: 'POST', body: { subscriberId: chosen } });
    linking.opener = null; // its row goes: focus moves to the list
    dialog.close();
    announce('Payment ' + (payment.receipt || '') + ' linked to ' + name + '.', 'done');
    await reload();
  } catch (e) {
    linkError.textContent = await linkFailure(e);
    if (e instanceof ApiError && e.code === 'already_linked') reload();
  } finally {
    confirmButton.disabled = false;
  }
}

async function linkFailure(e) {
  if (!(e instanceof ApiError)) return 'The payment could not be linked. Try again.';
  if (e.code === 'already_linked') {
    const owner = await subscriber(e.details.subscriberId).catch(() => null);
    const to = owner ? ' to ' + owner.name : e.details.subscriberId ? ' to ' + e.details.subscriberId : '';
    return 'This payment is already linked' + to + ', perhaps by another operator. Nothing was changed.';
  }
  if (e.code === 'unknown_payment') return 'This payment no longer exists. Refresh the list.';
  if (e.code === 'unknown_subscriber') return 'That subscriber no longer exists. Go back and choose another.';
  return 'The payment could not be linked: ' + e.message;
}

dialog.addEventListener('close', () => {
  clearTimeout(searchTimer);
  // back to the button that opened the dialog, or to the list when its row is gone (linked meanwhile)
  if (linking && linking.opener && linking.opener.isConnected) linking.opener.focus();
  else document.getElementById('unredeemed-heading').focus();
  linking = null;
});

// ---- keeping the page current -----------------------------------------------------------------------------

const reload = coalesce(() => Promise.all([loadUnredeemed(), loadReview()]));
refreshWith(document.querySelector('[data-testid="refresh"]'), reload);

listenToEvents((event) => {
  if (event.type === 'unredeemed_payment_recorded' && event.message) announce(event.message);
  if (event.type === 'push_needs_review' && event.message) announce(event.message);
  reload();
}, {
  onState(state) {
    showLiveState(state);
    if (state === 'live') reload(); // what happened while not connected
  },
});

reload();
