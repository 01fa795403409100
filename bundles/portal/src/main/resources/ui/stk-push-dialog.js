// <stk-push-dialog>: the STK Push dialog of the user guide, for any host page.
//
//   <script type="module" src="/stkpush/ui/stk-push-dialog.js"></script>
//   <stk-push-dialog subscriber-id="sub-0001"></stk-push-dialog>
//   button.addEventListener('click', () => document.querySelector('stk-push-dialog').open());
//
// In renewal mode (mode="renewal" plan-id="home-5") it is the M-Pesa part of the host's Renew / Change Plan dialog:
// the price comes from the plan, the prompt goes out through POST /renewals, and once the payment is confirmed it
// follows the renewal until the host has applied it.
//
// It calls only the operator REST API (api-base, /stkpush/api by default) and the events WebSocket, with the
// page's own login. Words from the server are always set as text, never as HTML.

import { ApiError, OperatorApi } from './stk-push-api.js';
import { checkAmount, checkPhone, kes, localPhone, PHONE_EXAMPLES } from './stk-push-rules.js';
import { longDate, RENEWAL_FINAL, RenewalWait } from './stk-push-renewal.js';
import { FINAL, PushWait, waitingWindow } from './stk-push-wait.js';

const SEARCH_DELAY_MS = 250;
const WAITING_TEXT = 'Waiting for customer to complete payment on their phone';
const RENEWING_TEXT = 'Payment confirmed. Renewing the subscription…';
const INTRO = {
  payment: 'Send an M-Pesa payment prompt to the subscriber\'s phone.',
  renewal: 'Send an M-Pesa payment prompt for the plan. The subscription is renewed once the customer pays.',
};

const markup = `
<link rel="stylesheet" href="${new URL('./stk-push-dialog.css', import.meta.url)}">
<dialog aria-labelledby="title" aria-describedby="intro">
  <div class="head">
    <h2 id="title"></h2>
    <button id="close" type="button" class="close" data-testid="close" aria-label="Close">&times;</button>
  </div>
  <div id="live" class="visually-hidden" role="status" aria-live="polite"></div>

  <form id="form" novalidate>
    <p id="intro" class="intro"></p>
    <dl id="renewal-summary" class="summary" data-testid="renewal-summary" hidden>
      <dt>Subscriber</dt><dd id="renewal-subscriber"></dd>
      <dt>Plan</dt><dd id="renewal-plan" data-testid="renewal-plan"></dd>
      <dt>Amount</dt><dd id="renewal-amount" data-testid="renewal-amount"></dd>
    </dl>
    <div id="subscriber-field" class="field">
      <label for="search">Subscriber</label>
      <div class="combo">
        <input id="search" data-testid="subscriber-search" type="text" role="combobox" autocomplete="off"
               spellcheck="false" aria-autocomplete="list" aria-expanded="false" aria-controls="options"
               aria-describedby="search-note subscriber-error" placeholder="Name, account or phone">
        <ul id="options" role="listbox" aria-label="Subscribers found" hidden></ul>
      </div>
      <p id="search-note" class="note">Type a name, account number or phone, then choose the subscriber.</p>
      <p id="subscriber-error" class="error" data-testid="subscriber-error" hidden></p>
    </div>
    <div class="field">
      <label for="phone">Phone number</label>
      <input id="phone" data-testid="phone-input" type="tel" inputmode="tel" autocomplete="off"
             aria-describedby="phone-hint phone-note phone-error">
      <p id="phone-hint" class="note"></p>
      <p id="phone-note" class="note" hidden></p>
      <p id="phone-error" class="error" data-testid="phone-error" hidden></p>
    </div>
    <div id="amount-field" class="field">
      <label for="amount">Amount (KES)</label>
      <input id="amount" data-testid="amount-input" type="text" inputmode="numeric" autocomplete="off"
             aria-describedby="amount-hint amount-error">
      <p id="amount-hint" class="note">Whole shillings (KES), 1 to 250,000.</p>
      <p id="amount-error" class="error" data-testid="amount-error" hidden></p>
    </div>
    <p id="form-error" class="error banner" data-testid="form-error" role="alert" hidden></p>
    <div class="actions">
      <button id="send" type="submit" class="primary" data-testid="send-button">Send Payment Request</button>
    </div>
  </form>

  <section id="waiting" data-testid="waiting" hidden>
    <div class="spinner" aria-hidden="true"></div>
    <p id="waiting-text" class="lead" tabindex="-1"></p>
    <p id="waiting-detail"></p>
    <p id="time-left" class="note"></p>
    <p class="note">No prompt on the phone? It may be off or out of network: ask the subscriber to check, then
      retry.</p>
    <div class="actions">
      <button id="stop" type="button" data-testid="stop-waiting">Stop Waiting</button>
    </div>
  </section>

  <section id="renewing" data-testid="renewing" hidden>
    <div class="spinner" aria-hidden="true"></div>
    <p id="renewing-text" class="lead" tabindex="-1"></p>
    <p id="renewing-detail"></p>
    <p id="renewing-state" class="note" data-testid="renewing-state"></p>
    <p class="note">You can close this dialog: the renewal carries on, and the subscriber's page shows the new
      expiry once it is applied.</p>
    <div class="actions">
      <button id="renewing-close" type="button" data-testid="renewing-close">Close</button>
    </div>
  </section>

  <section id="outcome" hidden>
    <div id="outcome-icon" class="icon" aria-hidden="true"></div>
    <h3 id="outcome-title" tabindex="-1"></h3>
    <p id="outcome-message" data-testid="outcome-message"></p>
    <p id="outcome-detail" data-testid="outcome-detail" hidden></p>
    <p id="renewal-note" class="renewal-note" data-testid="renewal-note" hidden></p>
    <p id="outcome-note" class="note" hidden></p>
    <ul id="outcome-advice" hidden></ul>
    <div class="actions">
      <button id="outcome-close" type="button" data-testid="outcome-close">Close</button>
      <button id="retry" type="button" class="primary" data-testid="retry">Retry</button>
    </div>
  </section>
</dialog>`;

/** What each final status shows: the outcome table of the user guide, with the troubleshooting table's advice. */
const OUTCOMES = {
  CONFIRMED: { testid: 'outcome-confirmed', kind: 'success', title: 'Payment confirmed', retry: 'New request' },
  CANCELLED: {
    testid: 'outcome-cancelled', kind: 'error', title: 'Cancelled by the customer',
    message: 'The customer cancelled the payment on their phone.',
    advice: ['If the customer still wants to pay, retry.'],
  },
  TIMEOUT: {
    testid: 'outcome-timeout', kind: 'warning', title: 'No response received',
    advice: [
      'Ask the subscriber if they received the prompt.',
      'If not, check that the phone is on and in network, then retry.',
      'If the subscriber paid anyway, the payment appears under Unmatched Payments.',
    ],
  },
  FAILED: { testid: 'outcome-failed', kind: 'error', title: 'Payment failed' },
  STOPPED: {
    testid: 'outcome-stopped', kind: 'warning', title: 'Stopped waiting',
    message: 'This did not cancel the M-Pesa transaction. If the customer completes the payment now, it '
      + 'will appear under Unmatched Payments, where you can link it to the subscriber.',
  },
};

/** What a renewal paid by a confirmed push ends as, and the pending view when the host takes long. */
const RENEWAL_OUTCOMES = {
  APPLIED: { testid: 'outcome-renewed', kind: 'success', title: 'Subscription renewed' },
  FAILED: {
    testid: 'outcome-renewal-failed', kind: 'error', title: 'Paid, but not renewed',
    note: 'The payment is recorded and linked to the subscriber, so nothing is lost: try the renewal again under '
      + 'Unmatched Payments (Renewals that failed) once the billing system is back, or renew by hand.',
  },
  NOT_PAID: { testid: 'outcome-not-renewed', kind: 'warning', title: 'Not renewed' },
  PENDING: {
    testid: 'outcome-renewal-pending', kind: 'warning', title: 'Paid; renewal pending',
    message: 'The payment is recorded. The renewal has not been applied yet; it is tried again automatically.',
    note: 'The subscriber\'s page shows the new expiry once it is applied. A renewal that fails is listed under '
      + 'Unmatched Payments, where it can be tried again.',
  },
};

/** In renewal mode, what a push that was not paid means for the subscription. */
const NOT_RENEWED = 'The subscription was not renewed.';
const PAID_LATER = ' If the customer still pays, the payment is held under Unmatched Payments, where Link and renew '
  + 'renews the subscription.';

// The push's provider-neutral reason for an unregistered number; the guide's advice for it is to check the number.
const NOT_REGISTERED = 'not_registered';

function deepActiveElement() {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) {
    active = active.shadowRoot.activeElement;
  }
  return active;
}

export class StkPushDialog extends HTMLElement {
  static observedAttributes = ['api-base'];

  #root;
  #el = {};
  #api;
  #state = 'closed'; // closed, form, sending, waiting, stopping, outcome
  #opener = null;
  #subscriber = null;
  #options = [];
  #active = -1;
  #searchTimer = null;
  #searchAbort = null;
  #wait = null;
  #ticker = null;
  #push = null;
  // renewal mode: { planId, phone, ready, plan, current (the renewal as last read) }; null for a plain payment
  #renewal = null;
  #renewalWait = null;
  #pendingShown = false;

  constructor() {
    super();
    this.#root = this.attachShadow({ mode: 'open' });
    this.#root.innerHTML = markup; // static markup only: nothing from the server or the operator goes in here
    for (const node of this.#root.querySelectorAll('[id]')) {
      this.#el[node.id.replace(/-(\w)/g, (_, c) => c.toUpperCase())] = node;
    }
    this.#el.dialog = this.#root.querySelector('dialog');
    this.#el.phoneHint.textContent = PHONE_EXAMPLES;
    this.#api = new OperatorApi(this.apiBase);
    this.#wire();
  }

  /** Where the operator REST API is: the api-base attribute, /stkpush/api by default. */
  get apiBase() {
    return this.getAttribute('api-base') || '/stkpush/api';
  }

  attributeChangedCallback() {
    this.#api = new OperatorApi(this.apiBase);
  }

  disconnectedCallback() {
    // a dialog taken out of the page while open would stay open, and could not be shown again
    if (this.#el.dialog.open) {
      this.#el.dialog.close();
    }
    this.#stopWaitingLocally();
    this.#stopFollowingRenewal();
    clearTimeout(this.#searchTimer);
  }

  /**
   * Opens the dialog on a fresh form, preselecting the subscriber named by the subscriber-id attribute. In renewal
   * mode (mode="renewal") the form shows the subscriber, the plan named by plan-id and its price, and the phone.
   */
  open() {
    this.#openAs(false);
  }

  /**
   * Renewal mode: opens the dialog and sends the payment request at once, to the phone attribute's number (the
   * subscriber's registered phone without it), as when the operator has confirmed in the host's own dialog. A
   * number that is not valid stays on the form, said next to the field, to be corrected.
   */
  renew() {
    this.#openAs(this.getAttribute('mode') === 'renewal');
  }

  #openAs(sendAtOnce) {
    if (this.#state !== 'closed' || !this.isConnected) {
      return;
    }
    this.#opener = deepActiveElement();
    this.#renewal = this.getAttribute('mode') === 'renewal'
      ? { planId: this.getAttribute('plan-id'), phone: this.getAttribute('phone'), ready: false } : null;
    this.#resetForm();
    this.#el.dialog.showModal();
    this.#showForm();
    const id = this.getAttribute('subscriber-id');
    if (this.#renewal) {
      this.#prepareRenewal(id, sendAtOnce);
    } else if (id) {
      this.#preselect(id);
    } else {
      this.#el.search.focus();
    }
  }

  /** Closes the dialog, unless a prompt is being waited for (Stop Waiting first). */
  close() {
    if (this.#busy()) {
      return;
    }
    this.#el.dialog.close();
  }

  // ---- wiring

  #wire() {
    const el = this.#el;
    el.dialog.addEventListener('keydown', (e) => this.#onDialogKey(e));
    // Escape reaches here only when its keydown was not handled above (e.g. a browser's own close request)
    el.dialog.addEventListener('cancel', (e) => {
      if (this.#busy()) {
        e.preventDefault();
        this.#remindStopWaiting();
      }
    });
    el.dialog.addEventListener('close', () => this.#onClosed());
    el.close.addEventListener('click', () => this.close());
    el.outcomeClose.addEventListener('click', () => this.close());
    el.renewingClose.addEventListener('click', () => this.close());

    el.search.addEventListener('input', () => this.#onSearchInput());
    el.search.addEventListener('keydown', (e) => this.#onSearchKey(e));
    el.search.addEventListener('blur', () => this.#closeOptions());
    // keep the focus in the search box while an option is clicked
    el.options.addEventListener('mousedown', (e) => e.preventDefault());
    el.options.addEventListener('click', (e) => {
      const option = e.target.closest('[role="option"]');
      if (option) {
        this.#choose(this.#options[Number(option.dataset.index)]);
      }
    });

    el.phone.addEventListener('input', () => this.#checkPhoneField(false));
    el.phone.addEventListener('blur', () => this.#checkPhoneField(this.#el.phone.value.trim() !== ''));
    el.amount.addEventListener('input', () => this.#checkAmountField(false));
    el.amount.addEventListener('blur', () => this.#checkAmountField(this.#el.amount.value.trim() !== ''));

    el.form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.#send();
    });
    el.stop.addEventListener('click', () => this.#stopWaiting());
    el.retry.addEventListener('click', () => this.#retry());
  }

  #busy() {
    return this.#state === 'waiting' || this.#state === 'sending' || this.#state === 'stopping';
  }

  #onDialogKey(e) {
    if (e.key === 'Escape' && this.#busy()) {
      // the prompt is on the customer's phone: closing now would lose sight of its outcome
      e.preventDefault();
      this.#remindStopWaiting();
    } else if (e.key === 'Tab') {
      this.#trapFocus(e);
    }
  }

  #remindStopWaiting() {
    if (this.#state === 'waiting') {
      this.#el.stop.focus();
      this.#announce('Still waiting for the customer. To close, choose Stop Waiting first.');
    }
  }

  /** Tab and Shift+Tab go round the dialog's own controls. */
  #trapFocus(e) {
    const focusable = [...this.#el.dialog.querySelectorAll('button, input, [tabindex="0"]')]
      .filter((node) => !node.disabled && node.getClientRects().length > 0);
    if (focusable.length === 0) {
      e.preventDefault();
      return;
    }
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    const active = this.#root.activeElement;
    if (e.shiftKey && (active === first || !focusable.includes(active))) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && (active === last || !focusable.includes(active))) {
      e.preventDefault();
      first.focus();
    }
  }

  #onClosed() {
    this.#stopWaitingLocally();
    this.#stopFollowingRenewal();
    clearTimeout(this.#searchTimer);
    this.#searchAbort?.abort();
    this.#state = 'closed';
    const opener = this.#opener;
    this.#opener = null;
    if (opener?.isConnected) {
      opener.focus();
    }
    this.dispatchEvent(new CustomEvent('stk-push-closed', {
      bubbles: true, composed: true, detail: { push: this.#push },
    }));
  }

  // ---- views

  #show(view) {
    for (const name of ['form', 'waiting', 'renewing', 'outcome']) {
      this.#el[name].hidden = name !== view;
    }
    this.#el.close.hidden = view === 'waiting';
  }

  #showForm() {
    this.#state = 'form';
    this.#setSending(false);
    this.#show('form');
  }

  #resetForm() {
    const renewal = this.#renewal !== null;
    this.#el.title.textContent = renewal ? 'Renew by M-Pesa STK Push' : 'STK Push';
    this.#el.intro.textContent = renewal ? INTRO.renewal : INTRO.payment;
    this.#el.renewalSummary.hidden = !renewal;
    this.#el.subscriberField.hidden = renewal;
    this.#el.amountField.hidden = renewal;
    this.#subscriber = null;
    this.#push = null;
    this.#el.search.value = '';
    this.#el.phone.value = '';
    this.#el.amount.value = '';
    this.#el.searchNote.textContent = 'Type a name, account number or phone, then choose the subscriber.';
    this.#el.phoneNote.hidden = true;
    this.#closeOptions();
    for (const field of ['subscriber', 'phone', 'amount', 'form']) {
      this.#setError(field, null);
    }
  }

  #setError(field, message) {
    const error = this.#el[`${field}Error`];
    error.textContent = message ?? '';
    error.hidden = !message;
    const input = { subscriber: this.#el.search, phone: this.#el.phone, amount: this.#el.amount }[field];
    if (input && message) {
      input.setAttribute('aria-invalid', 'true');
    } else if (input) {
      input.removeAttribute('aria-invalid');
    }
  }

  #announce(text) {
    // cleared first, so the same words said twice are announced twice
    this.#el.live.textContent = '';
    setTimeout(() => {
      this.#el.live.textContent = text;
    }, 50);
  }

  // ---- subscriber search

  #onSearchInput() {
    if (this.#subscriber && this.#el.search.value !== (this.#subscriber.name ?? this.#subscriber.id)) {
      this.#subscriber = null;
      this.#el.searchNote.textContent = 'Choose the subscriber from the list.';
    }
    this.#setError('subscriber', null);
    clearTimeout(this.#searchTimer);
    const query = this.#el.search.value.trim();
    if (query === '') {
      this.#searchAbort?.abort();
      this.#closeOptions();
      return;
    }
    this.#searchTimer = setTimeout(() => this.#search(query), SEARCH_DELAY_MS);
  }

  async #search(query) {
    this.#searchAbort?.abort();
    const abort = new AbortController();
    this.#searchAbort = abort;
    let found;
    try {
      found = await this.#api.searchSubscribers(query, abort.signal);
    } catch (e) {
      if (e?.name !== 'AbortError') {
        this.#closeOptions();
        this.#setError('subscriber', e.message);
      }
      return;
    }
    if (abort.signal.aborted || this.#el.search.value.trim() !== query) {
      return;
    }
    this.#renderOptions(Array.isArray(found) ? found : []);
  }

  #renderOptions(subscribers) {
    this.#options = subscribers;
    this.#active = -1;
    const list = this.#el.options;
    list.replaceChildren(...subscribers.map((s, i) => {
      const option = document.createElement('li');
      option.id = `option-${i}`;
      option.setAttribute('role', 'option');
      option.setAttribute('aria-selected', 'false');
      option.dataset.testid = 'subscriber-option';
      option.dataset.index = String(i);
      const name = document.createElement('span');
      name.className = 'name';
      name.textContent = s.name ?? s.id;
      const about = document.createElement('span');
      about.className = 'about';
      about.textContent = [s.account, localPhone(s.phone)].filter(Boolean).join(' · ');
      option.append(name, about);
      return option;
    }));
    if (subscribers.length === 0) {
      this.#closeOptions();
      this.#el.searchNote.textContent = 'No subscriber matches. Try a name, account number or phone.';
      this.#announce('No subscriber matches.');
      return;
    }
    list.hidden = false;
    this.#el.search.setAttribute('aria-expanded', 'true');
    const count = subscribers.length === 1 ? '1 subscriber found' : `${subscribers.length} subscribers found`;
    this.#el.searchNote.textContent = `${count}. Use the arrow keys and Enter, or click, to choose.`;
    this.#announce(`${count}.`);
  }

  #closeOptions() {
    this.#el.options.hidden = true;
    this.#el.search.setAttribute('aria-expanded', 'false');
    this.#el.search.removeAttribute('aria-activedescendant');
    this.#active = -1;
  }

  #onSearchKey(e) {
    const open = !this.#el.options.hidden;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      if (this.#options.length === 0) {
        return;
      }
      e.preventDefault();
      if (!open) {
        this.#el.options.hidden = false;
        this.#el.search.setAttribute('aria-expanded', 'true');
      }
      const step = e.key === 'ArrowDown' ? 1 : -1;
      this.#highlight((this.#active + step + this.#options.length) % this.#options.length);
    } else if (e.key === 'Enter' && open) {
      e.preventDefault(); // choosing, not sending
      this.#choose(this.#options[this.#active >= 0 ? this.#active : 0]);
    } else if (e.key === 'Escape' && open) {
      e.preventDefault(); // closes the list, not the dialog
      e.stopPropagation();
      this.#closeOptions();
    }
  }

  #highlight(index) {
    this.#active = index;
    for (const option of this.#el.options.children) {
      const on = Number(option.dataset.index) === index;
      option.setAttribute('aria-selected', String(on));
      if (on) {
        option.scrollIntoView({ block: 'nearest' });
      }
    }
    this.#el.search.setAttribute('aria-activedescendant', `option-${index}`);
  }

  #choose(subscriber) {
    if (!subscriber) {
      return;
    }
    this.#subscriber = subscriber;
    const name = subscriber.name ?? subscriber.id;
    this.#el.search.value = name;
    this.#closeOptions();
    this.#setError('subscriber', null);
    this.#el.searchNote.textContent = [subscriber.account && `Account ${subscriber.account}`,
      subscriber.plan && `plan ${subscriber.plan}`].filter(Boolean).join(', ') || 'Subscriber chosen.';
    this.#el.phone.value = subscriber.phone ?? '';
    this.#checkPhoneField(Boolean(subscriber.phone));
    this.#el.phoneNote.textContent = subscriber.phone
      ? 'Registered phone filled in; change it if the subscriber pays from another number.'
      : 'This subscriber has no registered phone: enter one.';
    this.#el.phoneNote.hidden = false;
    this.#announce(subscriber.phone
      ? `${name}. Registered phone ${subscriber.phone} filled in.`
      : `${name}. No registered phone: enter one.`);
  }

  async #preselect(id) {
    this.#el.amount.focus();
    this.#el.searchNote.textContent = 'Loading the subscriber…';
    try {
      const subscriber = await this.#api.subscriber(id);
      if (this.#state === 'form' && !this.#subscriber && this.#el.search.value === '') {
        this.#choose(subscriber);
      }
    } catch (e) {
      this.#el.searchNote.textContent = 'Type a name, account number or phone, then choose the subscriber.';
      this.#setError('subscriber', e.message);
    }
  }

  // ---- renewal mode: the subscriber, the plan and its price, from the server

  async #prepareRenewal(subscriberId, sendAtOnce) {
    const renewal = this.#renewal;
    const el = this.#el;
    el.renewalSubscriber.textContent = 'Loading…';
    el.renewalPlan.textContent = 'Loading…';
    el.renewalAmount.textContent = '…';
    el.phone.focus();
    const stale = () => this.#renewal !== renewal || this.#state !== 'form';
    let subscriber;
    let plans;
    try {
      if (!subscriberId || !renewal.planId) {
        throw new ApiError(0, 'invalid_request', 'Choose the subscriber and the plan to renew first.');
      }
      subscriber = await this.#api.subscriber(subscriberId);
      plans = await this.#api.plans().catch((e) => {
        throw e instanceof ApiError && e.status === 404 ? new ApiError(404, 'unavailable',
          'Renewal by M-Pesa STK Push is not available right now. Take the payment another way, or try again '
            + 'in a few minutes.') : e;
      });
    } catch (e) {
      if (!stale()) {
        el.renewalSubscriber.textContent = subscriber?.name ?? subscriberId ?? '—';
        el.renewalPlan.textContent = '—';
        el.renewalAmount.textContent = '—';
        this.#setError('form', e instanceof ApiError ? e.message : 'Something went wrong. Try again.');
      }
      return;
    }
    if (stale()) {
      return;
    }
    const plan = (Array.isArray(plans) ? plans : []).find((p) => p.id === renewal.planId);
    el.renewalSubscriber.textContent = [subscriber.name ?? subscriber.id,
      subscriber.account && `(${subscriber.account})`].filter(Boolean).join(' ');
    if (!plan) {
      el.renewalPlan.textContent = '—';
      el.renewalAmount.textContent = '—';
      this.#setError('form', 'This plan is no longer offered. Close the dialog and choose another plan.');
      return;
    }
    const change = subscriber.planId === plan.id ? 'renewal of the current plan'
      : subscriber.plan ? `change from ${subscriber.plan}` : 'new plan';
    el.renewalPlan.textContent = `${plan.name}, ${plan.periodText ?? plan.period} (${change})`;
    el.renewalAmount.textContent = kes(plan.priceKes);
    this.#subscriber = subscriber;
    renewal.plan = plan;
    renewal.ready = true;
    this.#setSending(false);
    const phone = renewal.phone || subscriber.phone || '';
    el.phone.value = phone;
    this.#checkPhoneField(phone !== '');
    el.phoneNote.textContent = renewal.phone ? 'The number chosen for this renewal; change it if needed.'
      : subscriber.phone ? 'Registered phone filled in; change it if the subscriber pays from another number.'
        : 'This subscriber has no registered phone: enter one.';
    el.phoneNote.hidden = false;
    if (sendAtOnce) {
      this.#send();
    } else {
      this.#announce(`Renew ${subscriber.name ?? subscriber.id} on ${plan.name} for ${kes(plan.priceKes)}.`);
    }
  }

  // ---- phone and amount

  #checkPhoneField(finished) {
    const check = checkPhone(this.#el.phone.value, finished);
    this.#setError('phone', check.error);
    return check;
  }

  #checkAmountField(finished) {
    const check = checkAmount(this.#el.amount.value, finished);
    this.#setError('amount', check.error);
    return check;
  }

  // ---- sending

  #setSending(sending) {
    // in renewal mode nothing can be sent before the plan and its price are known
    this.#el.send.disabled = sending || (this.#renewal !== null && !this.#renewal.ready);
    this.#el.send.textContent = sending ? 'Sending…' : 'Send Payment Request';
    this.#el.form.setAttribute('aria-busy', String(sending));
  }

  async #send() {
    if (this.#state !== 'form') {
      return;
    }
    this.#setError('form', null);
    if (this.#renewal) {
      await this.#sendRenewal();
      return;
    }
    if (!this.#subscriber) {
      this.#setError('subscriber', 'Choose the subscriber the payment is for.');
    }
    const phone = this.#checkPhoneField(true);
    const amount = this.#checkAmountField(true);
    const invalid = [!this.#subscriber && this.#el.search, phone.error && this.#el.phone,
      amount.error && this.#el.amount].find(Boolean);
    if (invalid) {
      invalid.focus();
      return;
    }
    this.#state = 'sending';
    this.#setSending(true);
    this.#announce('Sending the payment request…');
    let push;
    try {
      push = await this.#api.sendPush({ subscriberId: this.#subscriber.id, phone: phone.msisdn,
        amount: amount.shillings });
    } catch (e) {
      this.#refused(e);
      return;
    }
    if (this.#state !== 'sending') {
      return; // closed meanwhile
    }
    this.#push = push;
    if (FINAL.has(push.status)) {
      this.#showOutcome(push, false); // refused at once, e.g. a number not registered for M-Pesa
    } else {
      this.#startWaiting(push);
    }
  }

  async #sendRenewal() {
    const renewal = this.#renewal;
    if (!renewal.ready) {
      return;
    }
    const phone = this.#checkPhoneField(true);
    if (phone.error) {
      this.#el.phone.focus();
      return;
    }
    this.#state = 'sending';
    this.#setSending(true);
    this.#announce('Sending the payment request…');
    let started;
    try {
      // no amount: the server charges the plan's price
      started = await this.#api.startRenewal({ subscriberId: this.#subscriber.id, planId: renewal.plan.id,
        phone: phone.msisdn });
    } catch (e) {
      this.#refused(e);
      return;
    }
    if (this.#state !== 'sending' || this.#renewal !== renewal) {
      return;
    }
    renewal.current = started;
    this.#renewalChanged(started);
    let push;
    try {
      push = await this.#api.push(started.pushId);
    } catch {
      // the prompt went out all the same; without its window, the polls alone pace the wait
      push = { pushId: started.pushId, subscriberId: started.subscriberId, status: 'WAITING', phone: phone.msisdn,
        amount: started.amountKes };
    }
    if (this.#state !== 'sending' || this.#renewal !== renewal) {
      return;
    }
    this.#push = push;
    if (FINAL.has(push.status)) {
      this.#showOutcome(push, false);
    } else {
      this.#startWaiting(push);
    }
  }

  #refused(e) {
    if (this.#state !== 'sending') {
      return;
    }
    this.#showForm();
    const message = e instanceof ApiError ? e.message : 'Something went wrong. Try again.';
    // in renewal mode only the phone is on the form: anything else is said above Send
    const field = this.#renewal ? { invalid_phone: 'phone' }[e.code]
      : { invalid_phone: 'phone', invalid_amount: 'amount', unknown_subscriber: 'subscriber' }[e.code];
    if (field) {
      this.#setError(field, message);
      ({ phone: this.#el.phone, amount: this.#el.amount, subscriber: this.#el.search })[field].focus();
    } else {
      this.#setError('form', message);
      this.#el.send.focus();
    }
  }

  // ---- waiting

  #startWaiting(push) {
    this.#state = 'waiting';
    this.#show('waiting');
    this.#el.waitingText.textContent = WAITING_TEXT;
    const plan = this.#renewal?.plan;
    this.#el.waitingDetail.textContent = `Prompt sent to ${localPhone(push.phone)} for ${kes(push.amount)}`
      + (plan ? ` (${plan.name}, ${plan.periodText ?? plan.period}).` : '.');
    this.#el.waitingText.focus();
    this.#announce(`Payment request sent. ${WAITING_TEXT}.`);
    this.#wait = new PushWait(this.#api, push, (final, windowEnded) => this.#showOutcome(final, windowEnded));
    this.#wait.start();
    this.#tick();
    this.#ticker = setInterval(() => this.#tick(), 1000);
  }

  #tick() {
    const deadline = this.#wait?.deadline;
    if (deadline == null) {
      this.#el.timeLeft.textContent = '';
      return;
    }
    const seconds = Math.max(0, Math.ceil((deadline - Date.now()) / 1000));
    this.#el.timeLeft.textContent = `Time left: ${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
  }

  #stopWaitingLocally() {
    this.#wait?.stop();
    this.#wait = null;
    clearInterval(this.#ticker);
    this.#ticker = null;
  }

  async #stopWaiting() {
    if (this.#state !== 'waiting') {
      return;
    }
    this.#stopWaitingLocally();
    this.#state = 'stopping';
    this.#el.stop.disabled = true;
    let push;
    try {
      push = await this.#api.stopWaiting(this.#push.pushId);
    } catch {
      // the portal stops waiting either way; the server ends the wait itself when the window closes
      push = { ...this.#push, status: 'STOPPED' };
    } finally {
      this.#el.stop.disabled = false;
    }
    if (this.#state === 'stopping') {
      // an outcome that came just before the stop stands
      this.#showOutcome(FINAL.has(push.status) ? push : { ...push, status: 'STOPPED' }, false);
    }
  }

  // ---- outcome

  #showOutcome(push, windowEnded) {
    this.#stopWaitingLocally();
    this.#push = push;
    const status = FINAL.has(push.status) ? push.status : 'TIMEOUT';
    const outcome = OUTCOMES[status];
    const confirmed = status === 'CONFIRMED';
    if (confirmed && this.#renewal?.current) {
      this.dispatchEvent(new CustomEvent('stk-push-confirmed', { bubbles: true, composed: true, detail: push }));
      this.#startRenewing(push);
      return;
    }
    const advice = status === 'FAILED' && push.reason === NOT_REGISTERED
      ? ['Verify and correct the number, then retry.'] : (outcome.advice ?? []);
    const paidLater = status === 'TIMEOUT' || status === 'STOPPED';
    this.#present({
      ...outcome,
      message: outcome.message ?? this.#serverWords(push, windowEnded),
      detail: confirmed ? this.#paidDetail(push) : null,
      note: confirmed ? 'This does not extend the subscription: use Renew / Change Plan on the Subscription tab '
        + 'for that.' : null,
      renewalNote: this.#renewal && !confirmed ? NOT_RENEWED + (paidLater ? PAID_LATER : '') : null,
      advice,
      retry: outcome.retry ?? 'Retry',
    });
    if (confirmed) {
      this.dispatchEvent(new CustomEvent('stk-push-confirmed', { bubbles: true, composed: true, detail: push }));
    }
  }

  /** Shows an outcome: its test id, kind (success, error, warning), words, and Retry (hidden when null). */
  #present({ testid, kind, title, message, detail = null, note = null, renewalNote = null, advice = [],
    retry = null }) {
    this.#state = 'outcome';
    this.#pendingShown = false;
    this.#show('outcome');
    const el = this.#el;
    el.outcome.dataset.testid = testid;
    el.outcome.className = `is-${kind}`;
    el.outcomeTitle.textContent = title;
    el.outcomeMessage.textContent = message;
    for (const [node, text] of [[el.outcomeDetail, detail], [el.renewalNote, renewalNote], [el.outcomeNote, note]]) {
      node.textContent = text ?? '';
      node.hidden = !text;
    }
    el.outcomeAdvice.replaceChildren(...advice.map((text) => {
      const item = document.createElement('li');
      item.textContent = text;
      return item;
    }));
    el.outcomeAdvice.hidden = advice.length === 0;
    el.retry.textContent = retry ?? '';
    el.retry.hidden = !retry;
    el.outcomeTitle.focus();
    this.#announce([title, message, renewalNote].filter(Boolean).join('. '));
  }

  /** A payment confirmed by the status query has no receipt until M-Pesa's callback brings it. */
  #paidDetail(push) {
    const receipt = push.receipt ? `receipt ${push.receipt}, ` : '';
    return `Payment recorded: ${receipt}${kes(push.amount)} from ${localPhone(push.phone)}.`;
  }

  // ---- renewal mode: after the payment, the renewal

  #startRenewing(push) {
    this.#state = 'renewing';
    this.#show('renewing');
    const el = this.#el;
    el.renewingText.textContent = RENEWING_TEXT;
    el.renewingDetail.textContent = this.#paidDetail(push);
    el.renewingState.textContent = '';
    el.renewingText.focus();
    this.#announce(RENEWING_TEXT);
    this.#renewalWait = new RenewalWait(this.#api, this.#renewal.current, (renewal) => this.#onRenewal(renewal),
      (renewal) => {
        if (this.#state === 'renewing') {
          this.#showRenewalOutcome('PENDING', renewal);
        }
      });
    this.#renewalWait.start();
  }

  #onRenewal(renewal) {
    if (!this.#renewal) {
      return;
    }
    this.#renewal.current = renewal;
    this.#renewalChanged(renewal);
    if (RENEWAL_FINAL.has(renewal.state)) {
      // after the pending outcome too: the operator who kept the dialog open learns how it ended
      if (this.#state === 'renewing' || this.#pendingShown) {
        this.#showRenewalOutcome(renewal.state, renewal);
      }
    } else if (this.#state === 'renewing' && renewal.message) {
      // still pending: e.g. the billing system did not answer and is asked again
      this.#el.renewingState.textContent = renewal.message;
    }
  }

  #showRenewalOutcome(state, renewal) {
    const outcome = RENEWAL_OUTCOMES[state];
    const expiry = state === 'APPLIED' ? longDate(renewal.newExpiresAt) : null;
    this.#present({
      ...outcome,
      message: state === 'PENDING' ? outcome.message : (renewal.message || outcome.title),
      detail: this.#paidDetail(this.#push) + (expiry ? ` The subscription now ends on ${expiry}.` : ''),
      note: outcome.note ?? null,
      // no Retry: the customer has paid, and another prompt would charge them again
      retry: null,
    });
    this.#pendingShown = state === 'PENDING';
    if (!this.#pendingShown) {
      this.#stopFollowingRenewal();
    }
  }

  #renewalChanged(renewal) {
    this.dispatchEvent(new CustomEvent('stk-push-renewal-changed', {
      bubbles: true, composed: true, detail: renewal,
    }));
  }

  #stopFollowingRenewal() {
    this.#renewalWait?.stop();
    this.#renewalWait = null;
    this.#pendingShown = false;
  }

  /** The server's message; when the window ended with the push still waiting, the words for its timeout. */
  #serverWords(push, windowEnded) {
    if (windowEnded && !FINAL.has(push.status)) {
      const window = waitingWindow(push);
      return window === null ? 'No response received.'
        : `No response received within ${Math.round(window / 1000)} seconds.`;
    }
    return push.message || OUTCOMES[push.status]?.title || '';
  }

  #retry() {
    // the same subscriber, phone and amount (or plan): the operator corrects what needs correcting and sends again
    this.#push = null;
    if (this.#renewal) {
      this.#renewal.current = null;
    }
    this.#showForm();
    for (const field of ['subscriber', 'form']) {
      this.#setError(field, null);
    }
    this.#checkPhoneField(true);
    if (!this.#renewal) {
      this.#checkAmountField(true);
    }
    this.#el.phone.focus();
    this.#announce(this.#renewal ? 'Check the phone number, then send the payment request again.'
      : 'Check the phone number and amount, then send the payment request again.');
  }
}

if (!customElements.get('stk-push-dialog')) {
  customElements.define('stk-push-dialog', StkPushDialog);
}
