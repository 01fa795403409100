// Following one renewal after its payment is confirmed, until the host has applied it (or said why not): reading
// the renewal now, then again with growing pauses, and at once whenever the events WebSocket says it changed.

import { openEvents } from './stk-push-wait.js';

/** Renewal states after which nothing more happens on its own. */
export const RENEWAL_FINAL = new Set(['APPLIED', 'FAILED', 'NOT_PAID']);

// the host usually answers within a second; pauses grow so a slow host is not asked more than needed
const PAUSES_MS = [500, 1000, 2000, 3000, 5000, 8000];
// after this the dialog says the renewal is pending; it still listens, and says so when it is applied
const PATIENCE_MS = 60000;

const day = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Africa/Nairobi',
});

/** A date as operators in Kenya read it, e.g. "12 January 2027"; null when there is none. */
export function longDate(iso) {
  const when = Date.parse(iso ?? '');
  return Number.isFinite(when) ? day.format(new Date(when)) : null;
}

export class RenewalWait {
  #api;
  #renewal;
  #onChange;
  #onSlow;
  #done = false;
  #polls = 0;
  #startedAt = 0;
  #timer = null;
  #events = null;
  #reading = null;

  /**
   * @param {import('./stk-push-api.js').OperatorApi} api
   * @param {object} renewal the renewal as sent (renewalId, pushId, state, …)
   * @param {(renewal: object) => void} onChange called with each renewal read whose state or message is new; the
   *   wait stops by itself after a final state
   * @param {(renewal: object) => void} onSlow called once when the renewal is still pending after a minute; the wait
   *   then only listens on the WebSocket
   */
  constructor(api, renewal, onChange, onSlow) {
    this.#api = api;
    this.#renewal = renewal;
    this.#onChange = onChange;
    this.#onSlow = onSlow;
  }

  start() {
    this.#startedAt = Date.now();
    this.#events = openEvents(this.#api, this.#renewal.pushId, (event) => {
      if (String(event?.type).toLowerCase() === 'renewal_changed' && event.pushId === this.#renewal.pushId) {
        this.#read();
      }
    });
    this.#read().then(() => this.#schedule());
  }

  stop() {
    this.#done = true;
    clearTimeout(this.#timer);
    this.#timer = null;
    this.#events?.close();
    this.#events = null;
  }

  #schedule() {
    if (this.#done) {
      return;
    }
    if (Date.now() - this.#startedAt >= PATIENCE_MS) {
      this.#onSlow(this.#renewal); // from now on only the WebSocket brings news
      return;
    }
    const pause = PAUSES_MS[Math.min(this.#polls, PAUSES_MS.length - 1)];
    this.#polls += 1;
    this.#timer = setTimeout(() => this.#read().then(() => this.#schedule()), pause);
  }

  /** One read at a time: an event during a poll reads once more afterwards, not twice at once. */
  #read() {
    if (this.#reading) {
      return this.#reading.then(() => this.#readOnce());
    }
    return this.#readOnce();
  }

  async #readOnce() {
    if (this.#done) {
      return;
    }
    const reading = (async () => {
      let renewal;
      try {
        renewal = await this.#api.renewal(this.#renewal.renewalId);
      } catch {
        return; // like no news yet: the next read, or the WebSocket, may bring it
      }
      if (this.#done) {
        return;
      }
      const news = renewal.state !== this.#renewal.state || renewal.message !== this.#renewal.message
        || renewal.attempts !== this.#renewal.attempts;
      this.#renewal = renewal;
      if (RENEWAL_FINAL.has(renewal.state)) {
        this.stop();
      }
      if (news || RENEWAL_FINAL.has(renewal.state)) {
        this.#onChange(renewal);
      }
    })();
    this.#reading = reading;
    try {
      await reading;
    } finally {
      if (this.#reading === reading) {
        this.#reading = null;
      }
    }
  }
}
