// The Unmatched Payments page: unredeemed payments (search, Link to subscriber with a confirmation, and Link and
// renew for a payment that was meant to renew a subscription), the payment requests left for review and the
// renewals that failed after payment (Try again), kept current by the event WebSocket.

import { api, ApiError, listenToEvents } from './api.js';
import {
  announce, coalesce, el, emptyRow, fill, kes, phone, phoneDigits, refreshWith, renewals, showLiveState, subscriber,
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
  const [names, intents] = await Promise.all([
    subscribersOf(payments.map((p) => p.intendedSubscriberId)), renewalIntents(payments)]);
  fill(unmatchedBody, payments.map((p) => unredeemedRow(p, names, intents.get(p.pushId))),
    'No unredeemed payments: nothing to link.');
  applySearch();
}

/**
 * The renewal each payment was meant to pay for, by push id: a payment that completed after the wait ended is
 * held here, and its renewal is still to be applied. Empty while stkpush renews nothing here.
 */
async function renewalIntents(payments) {
  const pushIds = [...new Set(payments.map((p) => p.pushId).filter(Boolean))];
  const found = await Promise.all(pushIds.map((pushId) =>
    renewals('pushId=' + encodeURIComponent(pushId)).catch(() => null)));
  const intents = new Map();
  pushIds.forEach((pushId, i) => {
    const open = (found[i] || []).find((r) => r.state !== 'APPLIED');
    if (open) intents.set(pushId, open);
  });
  return intents;
}

function unredeemedRow(payment, names, renewal) {
  let meantFor = subscriberLink(payment.intendedSubscriberId, names.get(payment.intendedSubscriberId));
  if (!payment.intendedSubscriberId && payment.accountReference) {
    meantFor = el('span', {}, 'Account typed: ', el('strong', {}, payment.accountReference));
  }
  const button = el('button', {
    type: 'button', class: 'small', 'data-testid': 'link-button',
    'aria-label': 'Link payment ' + (payment.receipt || '') + ' to a subscriber',
  }, 'Link to subscriber');
  button.addEventListener('click', () => openLinkDialog(payment, button));
  let renewButton = null;
  if (renewal) {
    const owner = names.get(renewal.subscriberId) || names.get(payment.intendedSubscriberId);
    renewButton = el('button', {
      type: 'button', class: 'small primary', 'data-testid': 'link-renew-button', 'data-renewal-id': renewal.renewalId,
      'aria-label': 'Link payment ' + (payment.receipt || '') + ' to ' + (owner ? owner.name : renewal.subscriberId)
        + ' and renew on ' + (renewal.planName || renewal.planId),
    }, 'Link and renew (' + (renewal.planName || renewal.planId) + ')');
    renewButton.addEventListener('click', () => openLinkAndRenew(payment, renewal, renewButton));
  }
  return el('tr', {
    'data-payment-id': payment.paymentId, 'data-receipt': payment.receipt,
    'data-renewal-id': renewal ? renewal.renewalId : null,
  },
    el('td', {}, time(payment.paidAt)),
    el('td', { class: 'receipt' }, payment.receipt || '—'),
    el('td', { class: 'phone' }, phone(payment.phone)),
    el('td', { class: 'amount' }, kes(payment.amount)),
    el('td', { 'data-reason': payment.unredeemedReason },
      payment.unredeemedMessage || payment.unredeemedReason || '—'),
    el('td', {}, meantFor),
    el('td', { class: 'row-actions' }, renewButton, button));
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

// ---- renewals that failed after payment ------------------------------------------------------------------

const failedSection = document.getElementById('failed-renewals-section');
const failedBody = document.getElementById('failed-renewals');

async function loadFailedRenewals() {
  let failed;
  try {
    failed = await renewals('state=FAILED');
  } catch (e) {
    failedSection.hidden = false;
    emptyRow(failedBody, 'Renewals that failed could not be loaded: ' + e.message, 'error');
    return;
  }
  failedSection.hidden = failed === null; // stkpush renews nothing here
  if (failed === null) return;
  const names = await subscribersOf(failed.map((r) => r.subscriberId));
  fill(failedBody, failed.map((r) => {
    const who = names.get(r.subscriberId);
    const retry = el('button', {
      type: 'button', class: 'small primary', 'data-testid': 'renewal-retry-button',
      'aria-label': 'Try the renewal of ' + (who ? who.name : r.subscriberId) + ' on ' + (r.planName || r.planId)
        + ' again',
    }, 'Try again');
    retry.addEventListener('click', () => retryRenewal(r, who, retry));
    return el('tr', { 'data-renewal-id': r.renewalId, 'data-push-id': r.pushId },
      el('td', {}, time(r.createdAt)),
      el('td', {}, subscriberLink(r.subscriberId, who)),
      el('td', {}, r.planName || r.planId),
      el('td', { class: 'amount' }, kes(r.amountKes)),
      el('td', {}, r.message || '—'),
      el('td', {}, String(r.attempts ?? '—')),
      el('td', {}, retry));
  }), 'No renewal has failed: every paid renewal was applied.');
}

async function retryRenewal(renewal, who, button) {
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  const name = who ? who.name : renewal.subscriberId;
  try {
    let tried = await api('/stkpush/api/renewals/' + encodeURIComponent(renewal.renewalId) + '/retry',
      { method: 'POST' });
    if (tried.state === 'PENDING' && !tried.attempts) tried = await renewalOnceAsked(tried);
    if (tried.state === 'APPLIED') announce(name + ' renewed: ' + (tried.message || 'done'), 'done');
    else announce(name + ' is still not renewed: ' + (tried.message || tried.state), 'error');
  } catch (e) {
    announce('The renewal of ' + name + ' could not be tried again: ' + e.message, 'error');
  } finally {
    button.disabled = false;
    button.removeAttribute('aria-busy');
  }
  await reload();
  // the row is gone when it was renewed: keep the focus in the list
  if (!button.isConnected) document.getElementById('failed-renewals-heading').focus();
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
const renewConfirmButton = dialog.querySelector('[data-action="link-and-renew"]');
const mismatch = document.getElementById('link-mismatch');

let linking = null; // { payment, opener, found: Map id -> subscriber, chosen, renewal (Link and renew) }
let searchTimer = null;

async function openLinkDialog(payment, opener) {
  linking = { payment, opener, found: new Map(), chosen: payment.intendedSubscriberId || null, renewal: null };
  showRenewalButtons(false);
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

/**
 * Link and renew: the payment goes to the subscriber the renewal is for, and the renewal is applied, in one step.
 * Straight to the confirmation: the subscriber and the plan are the renewal's.
 */
async function openLinkAndRenew(payment, renewal, opener) {
  linking = { payment, opener, found: new Map(), chosen: renewal.subscriberId, renewal };
  linkError.textContent = '';
  showRenewalButtons(true);
  const plan = renewal.planName || renewal.planId;
  const who = await subscriber(renewal.subscriberId).catch(() => null);
  if (!linking || linking.renewal !== renewal) return;
  question.replaceChildren('Link payment ', el('strong', {}, payment.receipt || ''),
    ' of KES ' + kes(payment.amount) + ' to ', el('strong', {}, who ? who.name : renewal.subscriberId),
    who && who.account ? ' (' + who.account + ')' : '', ' and renew on ', el('strong', {}, plan), '?');
  const differs = renewal.amountKes != null && payment.amount != null && renewal.amountKes !== payment.amount;
  mismatch.textContent = differs ? 'The payment (KES ' + kes(payment.amount) + ') is not what the renewal costs (KES '
    + kes(renewal.amountKes) + ').' : '';
  mismatch.hidden = !differs;
  showStep(checkStep);
  dialog.showModal();
  renewConfirmButton.focus();
}

/** The confirmation step's buttons: Back and Link payment, or Cancel and Link and renew. */
function showRenewalButtons(renew) {
  dialog.querySelector('[data-testid="link-back"]').hidden = renew;
  confirmButton.hidden = renew;
  dialog.querySelector('[data-testid="link-renew-cancel"]').hidden = !renew;
  renewConfirmButton.hidden = !renew;
  document.getElementById('link-check-title').textContent = renew ? 'Link this payment and renew?'
    : 'Link this payment?';
  document.getElementById('link-check-hint').textContent = renew
    ? 'The payment is linked to the subscriber the renewal is for, and the subscription is renewed at once.'
    : 'A payment is linked once; it then counts as the subscriber\'s payment.';
  if (!renew) mismatch.hidden = true;
}

/** The renewal once the billing system has answered its first call (or after 30 s, as it then stands). */
async function renewalOnceAsked(renewal) {
  const path = '/stkpush/api/renewals/' + encodeURIComponent(renewal.renewalId);
  const deadline = Date.now() + 30000;
  let now = renewal;
  while (now.state === 'PENDING' && !now.attempts && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 500)); // poll interval; the deadline bounds the wait
    now = await api(path).catch(() => now);
  }
  return now;
}

async function linkAndRenew() {
  const { payment, renewal } = linking;
  renewConfirmButton.disabled = true;
  try {
    let done = await api('/stkpush/api/renewals/' + encodeURIComponent(renewal.renewalId) + '/link-and-renew',
      { method: 'POST', body: { paymentId: payment.paymentId } });
    linking.opener = null; // its row goes: focus moves to the list
    dialog.close();
    const who = await subscriber(done.subscriberId || renewal.subscriberId).catch(() => null);
    const name = who ? who.name : renewal.subscriberId;
    if (done.state === 'PENDING' && done.paymentId && !done.attempts) {
      // linked and claimed; the billing system is being asked right now (maybe by another request or node)
      announce('Payment ' + (payment.receipt || '') + ' linked to ' + name + '; renewing…');
      done = await renewalOnceAsked(done);
    }
    if (done.state === 'APPLIED') {
      announce('Payment ' + (payment.receipt || '') + ' linked to ' + name + ' and renewed: '
        + (done.message || done.planName || ''), 'done');
    } else {
      announce('Payment ' + (payment.receipt || '') + ' linked to ' + name + ', but not renewed: '
        + (done.message || done.state) + ' See Renewals that failed below.', 'error');
    }
    await reload();
  } catch (e) {
    linkError.textContent = e instanceof ApiError ? 'Nothing was changed: ' + e.message
      : 'The payment could not be linked. Try again.';
    if (e instanceof ApiError && e.status === 409) reload();
  } finally {
    renewConfirmButton.disabled = false;
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
  if (action === 'link-and-renew' && linking && linking.renewal) await linkAndRenew();
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

const reload = coalesce(() => Promise.all([loadUnredeemed(), loadReview(), loadFailedRenewals()]));
refreshWith(document.querySelector('[data-testid="refresh"]'), reload);

listenToEvents((event) => {
  if (event.type === 'unredeemed_payment_recorded' && event.message) announce(event.message);
  if (event.type === 'push_needs_review' && event.message) announce(event.message);
  // renewal_changed: the lists say it; the status line keeps what the operator just did (Link and renew, Try again)
  reload();
}, {
  onState(state) {
    showLiveState(state);
    if (state === 'live') reload(); // what happened while not connected
  },
});

reload();
