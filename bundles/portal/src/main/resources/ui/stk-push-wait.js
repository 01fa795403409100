// Waiting for one push's outcome, the two ways the user guide names at once: polling the push every 8 seconds and
// listening on the events WebSocket. Whichever brings a final status first wins, exactly once; both then stop.

/** Statuses after which nothing more is waited for. */
export const FINAL = new Set(['CONFIRMED', 'CANCELLED', 'TIMEOUT', 'FAILED', 'STOPPED']);

const POLL_INTERVAL_MS = 8000;
const MAX_POLLS = 12;
// the last poll comes this long after the window, so the server has ended the wait itself by then
const LAST_POLL_GRACE_MS = 3000;

/** The push's own waiting window (createdAt → waitUntil) in ms, or null when it names none. */
export function waitingWindow(push) {
  const window = Date.parse(push?.waitUntil) - Date.parse(push?.createdAt);
  return Number.isFinite(window) && window > 0 ? window : null;
}

export class PushWait {
  #api;
  #push;
  #onOutcome;
  #done = false;
  #polls = 0;
  #interval;
  #deadline;
  #timer = null;
  #socket = null;

  /**
   * @param {import('./stk-push-api.js').OperatorApi} api
   * @param {object} push the push as sent (status SENDING or WAITING)
   * @param {(push: object, windowEnded: boolean) => void} onOutcome called once: with the final push, or with the
   *   last push known when the window ended without one (windowEnded true)
   */
  constructor(api, push, onOutcome) {
    this.#api = api;
    this.#push = push;
    this.#onOutcome = onOutcome;
    const window = waitingWindow(push);
    // the window is the push's own, measured from now so a skewed browser clock does not shorten it; at most 12
    // polls fit in it, every 8 s unless a longer window spreads them out
    this.#interval = window === null ? POLL_INTERVAL_MS : Math.max(POLL_INTERVAL_MS, window / MAX_POLLS);
    this.#deadline = window === null ? null : Date.now() + window;
  }

  /** When the window ends (ms since the epoch, local clock), or null when the push names none. */
  get deadline() {
    return this.#deadline;
  }

  start() {
    this.#schedulePoll();
    this.#listen();
  }

  /** Stops polling and listening without an outcome (Stop Waiting, or the dialog going away). */
  stop() {
    this.#done = true;
    clearTimeout(this.#timer);
    this.#timer = null;
    this.#socket?.close();
    this.#socket = null;
  }

  #finish(push, windowEnded) {
    if (this.#done) {
      return;
    }
    this.stop();
    this.#onOutcome(push, windowEnded);
  }

  #schedulePoll() {
    let delay = this.#interval;
    let last = this.#polls + 1 >= MAX_POLLS;
    if (this.#deadline !== null) {
      const untilLast = this.#deadline + LAST_POLL_GRACE_MS - Date.now();
      if (last || untilLast <= delay) {
        delay = Math.max(0, untilLast);
        last = true;
      }
    }
    this.#timer = setTimeout(() => this.#poll(last), delay);
  }

  async #poll(last) {
    this.#polls += 1;
    try {
      const push = await this.#api.push(this.#push.pushId);
      if (this.#done) {
        return;
      }
      this.#push = push;
      if (FINAL.has(push.status)) {
        this.#finish(push, false);
        return;
      }
    } catch {
      // a poll that fails is like no answer yet: the next one, or the WebSocket, may bring it
      if (this.#done) {
        return;
      }
    }
    if (last) {
      this.#finish(this.#push, true);
    } else {
      this.#schedulePoll();
    }
  }

  #listen() {
    this.#socket = openEvents(this.#api, this.#push.pushId, (event) => this.#onEvent(event));
  }

  #onEvent(event) {
    if (event?.type !== 'push_status_changed' || event.pushId !== this.#push.pushId || !FINAL.has(event.status)) {
      return;
    }
    const push = { ...this.#push };
    for (const key of ['status', 'message', 'resultCode', 'receipt', 'paymentId']) {
      if (event[key] !== undefined && event[key] !== null) {
        push[key] = event[key];
      }
    }
    this.#finish(push, false);
  }
}

/**
 * Listens to the events of one push on the events WebSocket: gets a single-use ticket (a WebSocket cannot carry the
 * page's login), then opens /stkpush/events/?ticket=…&pushId=… and calls `onEvent` with each event
 * (a parsed JSON object). Nothing is said when it cannot connect: polling carries on without it.
 *
 * @returns {{close: () => void}} stops listening, also before the socket is open
 */
export function openEvents(api, pushId, onEvent) {
  let socket = null;
  let closed = false;
  (async () => {
    let ticket;
    try {
      ({ ticket } = await api.eventTicket());
    } catch {
      return; // no WebSocket today: polling alone carries on, and the operator needs no word about it
    }
    if (closed || !ticket) {
      return;
    }
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const url = `${scheme}//${location.host}/stkpush/events/?ticket=${encodeURIComponent(ticket)}`
      + `&pushId=${encodeURIComponent(pushId)}`;
    try {
      socket = new WebSocket(url);
    } catch {
      return;
    }
    socket.addEventListener('message', (message) => {
      let event;
      try {
        event = JSON.parse(message.data);
      } catch {
        return;
      }
      if (!closed && event) {
        onEvent(event);
      }
    });
  })();
  return {
    close() {
      closed = true;
      if (socket) {
        socket.close(1000, 'done waiting');
        socket = null;
      }
    },
  };
}
