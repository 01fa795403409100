// The Subscriber page. With ?id=: the Subscription tab (plan, expiry, the subscriber's payments and renewals), an
// STK Push button with the subscriber already chosen in the dialog, and Renew / Change Plan (cash, or M-Pesa STK
// Push through the same dialog in renewal mode). Without: find a subscriber.

import { api, ApiError, listenToEvents } from './api.js';
import {
  announce, coalesce, date, el, emptyRow, fill, kes, openStkPushDialog, paymentRow, PAYMENT_EVENTS, phone,
  phoneDigits, refreshWith, renewalBadge, renewals, showLiveState, subscriber, time,
} from './view.js';

const id = new URLSearchParams(location.search).get('id');

if (id) {
  showSubscriber(id);
} else {
  showFinder();
}

// ---- one subscriber ---------------------------------------------------------------------------------------

async function showSubscriber(subscriberId) {
  let found;
  try {
    found = await subscriber(subscriberId);
  } catch (e) {
    notFound('The subscriber could not be loaded: ' + e.message);
    return;
  }
  if (!found) {
    notFound('There is no subscriber ' + subscriberId + '.');
    return;
  }
  let current = found; // as last read: the plan and expiry change when a renewal applies
  document.title = found.name + ' · Demo ISP portal';
  document.getElementById('subscriber-name').textContent = found.name;
  document.getElementById('subscriber-account').textContent = found.account || '—';
  document.getElementById('subscriber-phone').textContent = phone(found.phone);
  showSubscription(found);
  document.getElementById('subscriber').hidden = false;

  const dialog = document.querySelector('stk-push-dialog');
  dialog.setAttribute('subscriber-id', found.id);
  document.querySelector('[data-testid="stk-push-open"]').addEventListener('click', () => {
    // the same dialog serves renewals: back to a plain payment
    for (const name of ['mode', 'plan-id', 'phone']) dialog.removeAttribute(name);
    openStkPushDialog(dialog);
  });

  const tbody = document.getElementById('payments');
  const reloadPayments = coalesce(async () => {
    try {
      const payments = await api('/stkpush/api/payments?limit=100&subscriberId=' + encodeURIComponent(found.id));
      fill(tbody, payments.map((p) => paymentRow(p, new Map(), { withSubscriber: false })),
        'No payments from ' + found.name + ' yet.');
    } catch (e) {
      emptyRow(tbody, 'Payments could not be loaded: ' + e.message, 'error');
    }
  });
  // read afresh (not the page's cache of names): the plan and expiry are what changes
  const reloadSubscription = coalesce(async () => {
    try {
      current = await api('/stkpush/api/subscribers/' + encodeURIComponent(found.id));
      showSubscription(current);
    } catch (e) {
      announce('The subscription could not be refreshed: ' + e.message, 'error');
    }
  });
  const reloadRenewals = coalesce(() => loadRenewals(found.id));
  const reload = () => Promise.all([reloadPayments(), reloadSubscription(), reloadRenewals()]);
  refreshWith(document.querySelector('[data-testid="refresh"]'), reload);
  dialog.addEventListener('stk-push-confirmed', () => reloadPayments());
  dialog.addEventListener('stk-push-renewal-changed', (e) => {
    reloadRenewals();
    if (e.detail && e.detail.state === 'APPLIED') reloadSubscription();
  });
  setUpRenewDialog(() => current, dialog, () => {
    reloadSubscription();
    reloadRenewals();
  });
  listenToEvents((event) => {
    if (PAYMENT_EVENTS.has(event.type)) {
      if (event.message) announce(event.message);
      reloadPayments();
    }
    if (event.type === 'renewal_changed') {
      if (event.message) announce(event.message);
      reloadSubscription();
      reloadRenewals();
    }
  }, {
    subscriberId: found.id,
    onState(state) {
      showLiveState(state);
      if (state === 'live') reload(); // what happened while not connected
    },
  });
  reloadPayments();
  reloadRenewals();
}

/** The plan and the expiry on the Subscription tab; a new expiry is marked as it arrives. */
function showSubscription(s) {
  const plan = document.getElementById('subscription-plan');
  plan.textContent = s.plan || 'No plan';
  plan.dataset.planId = s.planId || '';
  const expiry = document.getElementById('subscription-expiry');
  const before = expiry.dataset.expiresAt;
  expiry.replaceChildren(...expiryWords(s.expiresAt));
  expiry.dataset.expiresAt = s.expiresAt || '';
  if (before !== undefined && before !== expiry.dataset.expiresAt) {
    expiry.classList.remove('arrived');
    void expiry.offsetWidth; // restart the highlight
    expiry.classList.add('arrived');
  }
}

/** The subscriber's renewals paid by M-Pesa; the section stays hidden while stkpush renews nothing here. */
async function loadRenewals(subscriberId) {
  const section = document.getElementById('renewals-section');
  const tbody = document.getElementById('renewals');
  let list;
  try {
    list = await renewals('subscriberId=' + encodeURIComponent(subscriberId) + '&limit=10');
  } catch (e) {
    section.hidden = false;
    emptyRow(tbody, 'Renewals could not be loaded: ' + e.message, 'error');
    return;
  }
  section.hidden = list === null;
  if (list === null) return;
  fill(tbody, list.map((r) => el('tr', { 'data-renewal-id': r.renewalId, 'data-state': r.state },
    el('td', {}, time(r.createdAt)),
    el('td', {}, r.planName || r.planId),
    el('td', { class: 'amount' }, kes(r.amountKes)),
    el('td', {}, renewalBadge(r.state)),
    el('td', {}, r.message || '—'))), 'No renewals paid by M-Pesa yet.');
}

// ---- Renew / Change Plan ----------------------------------------------------------------------------------

const CASH = 'cash';
const STK_PUSH_RENEWALS = '/stkpush/api/renewals';

/**
 * The Renew / Change Plan dialog: the host's plans (the current one chosen: renew; another: change plan), the ways
 * to pay the host offers at this moment (cash always; M-Pesa STK Push while stkpush renews), the phone for the
 * prompt. Cash renews here at once; STK Push hands over to the `<stk-push-dialog>` in renewal mode.
 */
function setUpRenewDialog(currentSubscriber, stkDialog, renewed) {
  const dialog = document.getElementById('renew-dialog');
  const form = document.getElementById('renew-form');
  const done = document.getElementById('renew-done');
  const plansBox = document.getElementById('renew-plans');
  const methodsBox = document.getElementById('renew-methods');
  const phoneField = document.getElementById('renew-phone-field');
  const phoneInput = document.getElementById('renew-phone');
  const phoneError = document.getElementById('renew-phone-error');
  const what = document.getElementById('renew-what');
  const error = document.getElementById('renew-error');
  const confirm = form.querySelector('[data-testid="renew-confirm"]');
  const opener = document.querySelector('[data-testid="renew-open"]');
  let plans = [];
  let methods = [];
  let busy = false;

  const chosen = (name) => {
    const radio = form.querySelector('input[name="' + name + '"]:checked');
    return radio ? radio.value : null;
  };
  const chosenPlan = () => plans.find((p) => p.id === chosen('renew-plan')) || null;
  const chosenMethod = () => methods.find((m) => m.id === chosen('renew-method')) || null;
  const isStkPush = (method) => method && method.renewalEndpoint === STK_PUSH_RENEWALS;

  opener.addEventListener('click', open);

  async function open() {
    const s = currentSubscriber();
    form.hidden = false;
    done.hidden = true;
    dialog.setAttribute('aria-labelledby', 'renew-title');
    error.textContent = '';
    showPhoneError('');
    phoneInput.value = s.phone ? phone(s.phone).replace(/\s/g, '') : '';
    document.getElementById('renew-current').textContent = s.plan
      ? s.name + ' is on ' + s.plan + (s.expiresAt ? ', until ' + date(s.expiresAt) : '') + '.'
      : s.name + ' has no plan yet.';
    const loading = el('p', { class: 'hint' }, 'Loading…');
    plansBox.replaceChildren(plansBox.querySelector('legend'), loading);
    methodsBox.replaceChildren(methodsBox.querySelector('legend'), loading.cloneNode(true));
    confirm.disabled = true;
    what.textContent = '';
    dialog.showModal();
    try {
      [plans, methods] = await Promise.all([api('/portal/api/plans'), api('/portal/api/payment-methods')]);
    } catch (e) {
      error.textContent = 'Plans and payment methods could not be loaded: ' + e.message;
      plansBox.querySelector('p').textContent = '—';
      methodsBox.querySelector('p').textContent = '—';
      dialog.querySelector('[data-testid="renew-cancel"]').focus();
      return;
    }
    if (!dialog.open) return;
    plansBox.replaceChildren(plansBox.querySelector('legend'), ...plans.map((p) => {
      const current = p.id === s.planId;
      return el('label', { 'data-testid': 'renew-plan-option', 'data-plan-id': p.id },
        el('input', { type: 'radio', name: 'renew-plan', value: p.id, checked: current }),
        el('span', {}, el('span', { class: 'who' }, p.name), ' ',
          el('span', { class: 'details' }, 'KES ' + kes(p.priceKes) + ' for ' + (p.periodText || p.period)),
          current ? el('span', { class: 'badge ok' }, 'current plan') : null));
    }));
    methodsBox.replaceChildren(methodsBox.querySelector('legend'), ...methods.map((m, i) =>
      el('label', { 'data-testid': 'renew-method-option', 'data-method-id': m.id },
        el('input', { type: 'radio', name: 'renew-method', value: m.id, checked: i === 0 }),
        el('span', { class: 'who' }, m.label))));
    describe();
    confirm.disabled = false;
    // the current plan is chosen: focus on it, so the arrow keys change plan and Tab goes on to the method
    (form.querySelector('input[name="renew-plan"]:checked') || form.querySelector('input[name="renew-plan"]')
      || confirm).focus();
  }

  /** Says what Confirm will do, and names the button after it. */
  function describe() {
    const s = currentSubscriber();
    const plan = chosenPlan();
    const method = chosenMethod();
    phoneField.hidden = !isStkPush(method);
    if (!plan || !method) {
      what.textContent = 'Choose the plan and how it is paid.';
      confirm.textContent = 'Confirm';
      return;
    }
    const change = s.planId && plan.id !== s.planId;
    const price = 'KES ' + kes(plan.priceKes);
    const period = plan.periodText || plan.period;
    const action = change ? 'Change from ' + s.plan + ' to ' + plan.name + ' for ' + period
      : 'Renew ' + plan.name + ' for ' + period;
    let how;
    if (method.id === CASH) {
      how = ': ' + price + ' received in cash. Renewed at once.';
      confirm.textContent = (change ? 'Change plan' : 'Renew') + ': ' + price + ' cash';
    } else if (isStkPush(method)) {
      how = ': ' + price + ' by M-Pesa: a payment prompt goes to the phone number given, and the subscription is '
        + 'renewed once the customer pays.';
      confirm.textContent = 'Send M-Pesa prompt for ' + price;
    } else {
      how = ': ' + price + ' by ' + method.label + '.';
      confirm.textContent = (change ? 'Change plan' : 'Renew') + ' by ' + method.label;
    }
    what.textContent = action + how;
  }

  form.addEventListener('change', () => {
    error.textContent = '';
    describe();
  });
  phoneInput.addEventListener('input', () => showPhoneError(''));

  function showPhoneError(words) {
    phoneError.textContent = words;
    phoneError.hidden = !words;
    if (words) phoneInput.setAttribute('aria-invalid', 'true');
    else phoneInput.removeAttribute('aria-invalid');
  }

  dialog.addEventListener('click', (e) => {
    const button = e.target.closest('button');
    if (button && button.dataset.action === 'cancel' && !busy) dialog.close();
  });
  dialog.addEventListener('cancel', (e) => {
    if (busy) e.preventDefault(); // a cash renewal is being recorded: wait for its answer
  });
  dialog.addEventListener('close', () => {
    if (!dialog.dataset.handedOver) opener.focus();
    delete dialog.dataset.handedOver;
  });

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (busy) return;
    const s = currentSubscriber();
    const plan = chosenPlan();
    const method = chosenMethod();
    if (!plan || !method) {
      error.textContent = 'Choose the plan and how it is paid.';
      return;
    }
    if (isStkPush(method)) {
      // a first check, as typed: digits, spaces, dashes, a leading +; the STK Push dialog has the last word
      const digits = phoneDigits(phoneInput.value);
      if (!/^\+?[\d\s-]+$/.test(phoneInput.value.trim()) || !/^[71]\d{8}$/.test(digits)) {
        showPhoneError('Enter a Safaricom number like 0712345678 or 254712345678.');
        phoneInput.focus();
        return;
      }
      // over to the STK Push dialog, which sends the prompt and follows the renewal; the focus comes back to
      // Renew / Change Plan when it closes
      for (const [name, value] of [['mode', 'renewal'], ['plan-id', plan.id], ['phone', phoneInput.value.trim()]]) {
        stkDialog.setAttribute(name, value);
      }
      dialog.dataset.handedOver = 'true';
      dialog.close();
      opener.focus();
      openStkPushDialog(stkDialog, { renew: true });
      return;
    }
    await renewHere(s, plan, method);
  });

  /** Cash (or a method the host page renews through itself): one call, and the answer shown in the dialog. */
  async function renewHere(s, plan, method) {
    busy = true;
    confirm.disabled = true;
    confirm.setAttribute('aria-busy', 'true');
    error.textContent = '';
    let result;
    try {
      result = await api(method.renewalEndpoint, { method: 'POST', body: { subscriberId: s.id, planId: plan.id } });
    } catch (e) {
      error.textContent = (e instanceof ApiError ? e.message : 'Something went wrong.') + ' Nothing was renewed.';
      return;
    } finally {
      busy = false;
      confirm.disabled = false;
      confirm.removeAttribute('aria-busy');
    }
    form.hidden = true;
    done.hidden = false;
    dialog.setAttribute('aria-labelledby', 'renew-done-title');
    const until = result.newExpiresAt ? ' The subscription now ends on ' + date(result.newExpiresAt) + '.' : '';
    document.getElementById('renew-done-message').textContent = (result.message || 'Renewed.') + until;
    document.getElementById('renew-done-title').focus();
    announce(s.name + ': ' + (result.message || 'renewed.'), 'done');
    renewed();
  }
}

/** "12 December 2026 (in 12 days)", or ended, in red. */
function expiryWords(iso) {
  if (!iso) return ['No subscription'];
  const days = Math.round((new Date(iso) - Date.now()) / 86400000);
  if (days < 0) {
    const ago = -days === 1 ? '1 day' : -days + ' days';
    return [el('span', { class: 'expired' }, date(iso) + ' (ended ' + ago + ' ago)')];
  }
  return [date(iso) + (days === 0 ? ' (today)' : ' (in ' + days + (days === 1 ? ' day' : ' days') + ')')];
}

function notFound(words) {
  const message = document.getElementById('not-found');
  message.textContent = words + ' ';
  message.append(el('a', { href: 'subscriber.html' }, 'Find a subscriber'));
  message.hidden = false;
}

// ---- find a subscriber ------------------------------------------------------------------------------------

function showFinder() {
  document.getElementById('find').hidden = false;
  const input = document.getElementById('subscriber-find');
  const results = document.getElementById('find-results');
  let timer = null;

  async function find() {
    const q = input.value.trim();
    try {
      const found = await api('/stkpush/api/subscribers?limit=20&q=' + encodeURIComponent(q));
      if (input.value.trim() !== q) return; // the operator typed on
      results.replaceChildren(...(found.length ? found.map((s) => el('li', {},
        el('a', { href: 'subscriber.html?id=' + encodeURIComponent(s.id) }, s.name), ' ',
        el('span', { class: 'hint' }, [s.account, phone(s.phone), s.plan].filter(Boolean).join(' · '))))
        : [el('li', { class: 'hint' }, 'No subscriber matches "' + q + '".')]));
    } catch (e) {
      results.replaceChildren(el('li', { class: 'error' }, 'Subscribers could not be loaded: ' + e.message));
    }
  }

  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(find, 250);
  });
  input.focus();
  find();
}
