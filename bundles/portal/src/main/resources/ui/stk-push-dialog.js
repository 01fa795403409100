// <stk-push-dialog>: the STK Push dialog of the user guide, for any host page.
//
//   <script type="module" src="/stkpush/ui/stk-push-dialog.js"></script>
//   <stk-push-dialog subscriber-id="sub-0001"></stk-push-dialog>
//   button.addEventListener('click', () => document.querySelector('stk-push-dialog').open());
//
// It calls only the operator REST API (api-base, /stkpush/api by default) and the events WebSocket, with the
// page's own login. Words from the server are always set as text, never as HTML.

import { ApiError, OperatorApi } from './stk-push-api.js';
import { checkAmount, checkPhone, kes, localPhone, PHONE_EXAMPLES } from './stk-push-rules.js';
import { FINAL, PushWait, waitingWindow } from './stk-push-wait.js';

const SEARCH_DELAY_MS = 250;
const WAITING_TEXT = 'Waiting for customer to complete payment on their phone';

const markup = `
<link rel="stylesheet" href="${new URL('./stk-push-dialog.css', import.meta.url)}">
<dialog aria-labelledby="title" aria-describedby="intro">
  <div class="head">
    <h2 id="title">STK Push</h2>
    <button id="close" type="button" class="close" data-testid="close" aria-label="Close">&times;</button>
  </div>
  <div id="live" class="visually-hidden" role="status" aria-live="polite"></div>

  <form id="form" novalidate>
    <p id="intro" class="intro">Send an M-Pesa payment prompt to the subscriber's phone.</p>
    <div class="field">
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
    <div class="field">
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

  <section id="outcome" hidden>
    <div id="outcome-icon" class="icon" aria-hidden="true"></div>
    <h3 id="outcome-title" tabindex="-1"></h3>
    <p id="outcome-message" data-testid="outcome-message"></p>
    <p id="outcome-detail" hidden></p>
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
    clearTimeout(this.#searchTimer);
  }

  /** Opens the dialog on a fresh form, preselecting the subscriber named by the subscriber-id attribute. */
  open() {
    if (this.#state !== 'closed' || !this.isConnected) {
      return;
    }
    this.#opener = deepActiveElement();
    this.#resetForm();
    this.#el.dialog.showModal();
    this.#showForm();
    const id = this.getAttribute('subscriber-id');
    if (id) {
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
    for (const name of ['form', 'waiting', 'outcome']) {
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
    this.#el.send.disabled = sending;
    this.#el.send.textContent = sending ? 'Sending…' : 'Send Payment Request';
    this.#el.form.setAttribute('aria-busy', String(sending));
  }

  async #send() {
    if (this.#state !== 'form') {
      return;
    }
    this.#setError('form', null);
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

  #refused(e) {
    if (this.#state !== 'sending') {
      return;
    }
    this.#showForm();
    const message = e instanceof ApiError ? e.message : 'Something went wrong. Try again.';
    const field = { invalid_phone: 'phone', invalid_amount: 'amount', unknown_subscriber: 'subscriber' }[e.code];
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
    this.#el.waitingDetail.textContent = `Prompt sent to ${localPhone(push.phone)} for ${kes(push.amount)}.`;
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
    this.#state = 'outcome';
    this.#show('outcome');
    const el = this.#el;
    el.outcome.dataset.testid = outcome.testid;
    el.outcome.className = `is-${outcome.kind}`;
    el.outcomeTitle.textContent = outcome.title;
    el.outcomeMessage.textContent = outcome.message ?? this.#serverWords(push, windowEnded);
    const confirmed = status === 'CONFIRMED';
    // a payment confirmed by the status query has no receipt until M-Pesa's callback brings it
    const receipt = push.receipt ? `receipt ${push.receipt}, ` : '';
    el.outcomeDetail.textContent = confirmed
      ? `Payment recorded: ${receipt}${kes(push.amount)} from ${localPhone(push.phone)}.` : '';
    el.outcomeDetail.hidden = !confirmed;
    el.outcomeNote.textContent = confirmed
      ? 'This does not extend the subscription: use Renew / Change Plan on the Subscription tab for that.' : '';
    el.outcomeNote.hidden = !confirmed;
    const advice = status === 'FAILED' && push.reason === NOT_REGISTERED
      ? ['Verify and correct the number, then retry.'] : (outcome.advice ?? []);
    el.outcomeAdvice.replaceChildren(...advice.map((text) => {
      const item = document.createElement('li');
      item.textContent = text;
      return item;
    }));
    el.outcomeAdvice.hidden = advice.length === 0;
    el.retry.textContent = outcome.retry ?? 'Retry';
    el.outcomeTitle.focus();
    this.#announce(`${outcome.title}. ${el.outcomeMessage.textContent}`);
    if (status === 'CONFIRMED') {
      this.dispatchEvent(new CustomEvent('stk-push-confirmed', { bubbles: true, composed: true, detail: push }));
    }
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
    // the same subscriber, phone and amount: the operator corrects what needs correcting and sends again
    this.#push = null;
    this.#showForm();
    for (const field of ['subscriber', 'form']) {
      this.#setError(field, null);
    }
    this.#checkPhoneField(true);
    this.#checkAmountField(true);
    this.#el.phone.focus();
    this.#announce('Check the phone number and amount, then send the payment request again.');
  }
}

if (!customElements.get('stk-push-dialog')) {
  customElements.define('stk-push-dialog', StkPushDialog);
}
