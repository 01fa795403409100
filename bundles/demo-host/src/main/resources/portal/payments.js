// The Payments page: every payment, newest first, kept current by the event WebSocket; Refresh fetches again;
// STK Push opens the stkpush dialog.

import { api, listenToEvents } from './api.js';
import {
  announce, coalesce, emptyRow, fill, openStkPushDialog, paymentRow, PAYMENT_EVENTS, refreshWith, showLiveState,
  subscribersOf,
} from './view.js';

const tbody = document.getElementById('payments');
const dialog = document.querySelector('stk-push-dialog');
let shown = null; // payment ids on screen, to mark the ones that arrive

async function loadPayments() {
  let payments;
  try {
    payments = await api('/stkpush/api/payments?limit=100');
  } catch (e) {
    // keep what is on screen, if anything, and say why it may be out of date
    if (shown) announce('Payments could not be refreshed: ' + e.message, 'error');
    else emptyRow(tbody, 'Payments could not be loaded: ' + e.message, 'error');
    return;
  }
  const names = await subscribersOf(payments.flatMap((p) => [p.subscriberId, p.intendedSubscriberId]));
  const rows = payments.map((p) => {
    const row = paymentRow(p, names);
    if (shown && !shown.has(p.paymentId)) row.classList.add('arrived');
    return row;
  });
  shown = new Set(payments.map((p) => p.paymentId));
  fill(tbody, rows, 'No payments yet.');
}

const reload = coalesce(loadPayments);
refreshWith(document.querySelector('[data-testid="refresh"]'), reload);

document.querySelector('[data-testid="stk-push-open"]').addEventListener('click', () => openStkPushDialog(dialog));
dialog.addEventListener('stk-push-confirmed', () => reload());

listenToEvents((event) => {
  if (PAYMENT_EVENTS.has(event.type)) {
    if (event.message) announce(event.message);
    reload();
  }
}, {
  onState(state) {
    showLiveState(state);
    if (state === 'live') reload(); // what happened while not connected
  },
});

reload();
