// The Subscriber page. With ?id=: the Subscription tab (plan, expiry, the subscriber's payments) and an STK Push
// button with the subscriber already chosen in the dialog. Without: find a subscriber.

import { api, listenToEvents } from './api.js';
import {
  announce, coalesce, date, el, emptyRow, fill, openStkPushDialog, paymentRow, PAYMENT_EVENTS, phone, refreshWith,
  showLiveState, subscriber,
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
  document.title = found.name + ' · Demo ISP portal';
  document.getElementById('subscriber-name').textContent = found.name;
  document.getElementById('subscriber-account').textContent = found.account || '—';
  document.getElementById('subscriber-phone').textContent = phone(found.phone);
  document.getElementById('subscription-plan').textContent = found.plan || 'No plan';
  document.getElementById('subscription-expiry').replaceChildren(...expiry(found.expiresAt));
  document.getElementById('subscriber').hidden = false;

  const dialog = document.querySelector('stk-push-dialog');
  dialog.setAttribute('subscriber-id', found.id);
  document.querySelector('[data-testid="stk-push-open"]').addEventListener('click', () => openStkPushDialog(dialog));

  const tbody = document.getElementById('payments');
  const reload = coalesce(async () => {
    try {
      const payments = await api('/stkpush/api/payments?limit=100&subscriberId=' + encodeURIComponent(found.id));
      fill(tbody, payments.map((p) => paymentRow(p, new Map(), { withSubscriber: false })),
        'No payments from ' + found.name + ' yet.');
    } catch (e) {
      emptyRow(tbody, 'Payments could not be loaded: ' + e.message, 'error');
    }
  });
  refreshWith(document.querySelector('[data-testid="refresh"]'), reload);
  dialog.addEventListener('stk-push-confirmed', () => reload());
  listenToEvents((event) => {
    if (PAYMENT_EVENTS.has(event.type)) {
      if (event.message) announce(event.message);
      reload();
    }
  }, {
    subscriberId: found.id,
    onState(state) {
      showLiveState(state);
      if (state === 'live') reload(); // what happened while not connected
    },
  });
  reload();
}

/** "12 December 2026 (in 12 days)", or ended, in red. */
function expiry(iso) {
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
