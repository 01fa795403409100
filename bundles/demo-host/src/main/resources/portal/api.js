// The stkpush operator REST API and its event WebSocket, as a host page calls them. Nothing else is used: copy
// this file into your own portal as it is. The API is documented in the stkpush README ("The operator REST API");
// the events in bundles/websocket-bridge/README.md.
//
// Login: the API asks for HTTP Basic (realm "stkpush"), as these pages do, so the browser's login is reused.

/** An answer other than 2xx: `status`, the API's `code` (e.g. "already_linked") and its words for the operator. */
export class ApiError extends Error {
  constructor(status, code, message, details) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details || {};
  }
}

/**
 * Calls the API: `api('/stkpush/api/payments?limit=50')`, `api(path, { method: 'POST', body: {...} })`.
 * Resolves with the JSON answer; rejects with an ApiError whose message an operator can read.
 */
export async function api(path, { method = 'GET', body } = {}) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    // against the origin, never the page's own URL: a page opened as http://user:password@host/… would make
    // fetch refuse a relative URL that inherits those credentials
    response = await fetch(location.origin + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
    });
  } catch (e) {
    throw new ApiError(0, 'unreachable', 'Cannot reach the server. Check the connection, then try again.');
  }
  let json = null;
  try {
    json = await response.json();
  } catch (e) {
    // an empty or non-JSON answer (a proxy's error page): the status alone says what happened
  }
  if (!response.ok) {
    const { error, message, ...details } = json || {};
    throw new ApiError(response.status, error || 'http_' + response.status, message || wordsFor(response.status),
      details);
  }
  return json;
}

function wordsFor(status) {
  if (status === 401) return 'You are not logged in as an operator. Reload the page to log in.';
  if (status === 403) return 'This request was refused.';
  if (status === 404) return 'Not found.';
  if (status >= 500) return 'The server is not available right now. Try again in a minute.';
  return 'The request failed (HTTP ' + status + ').';
}

/**
 * Listens to payment events (JSON objects with `type`: push_status_changed, payment_recorded,
 * unredeemed_payment_recorded, payment_linked, push_needs_review) and calls `onEvent(event)` for each.
 *
 * A browser cannot send the Authorization header on a WebSocket, so each connection first asks the API for a
 * single-use ticket (valid 30 s) and opens `/stkpush/events/?ticket=…`. When the connection drops, or goes silent
 * past the server's heartbeats, it connects again with a new ticket, waiting 1 s, 2 s, 4 s … up to 30 s.
 *
 * `onState('live' | 'connecting')` tells the page whether it is connected. Each time it turns live the page should
 * fetch again what it shows: events sent while it was not connected (before the first connection too) are not
 * replayed.
 * `subscriberId` (or `pushId`) narrows the events to one subscriber (or push). Returns `{ close() }`.
 */
export function listenToEvents(onEvent, { subscriberId, pushId, onState = () => {} } = {}) {
  const firstDelayMs = 1000;
  const maxDelayMs = 30000;
  const silenceMs = 90000; // several missed heartbeats: the connection is dead even if the browser has not noticed
  let delayMs = firstDelayMs;
  let socket = null;
  let retryTimer = null;
  let silenceTimer = null;
  let closed = false;

  function watchSilence() {
    clearTimeout(silenceTimer);
    silenceTimer = setTimeout(() => socket && socket.close(), silenceMs);
  }

  async function connect() {
    retryTimer = null;
    onState('connecting');
    let ticket;
    try {
      ({ ticket } = await api('/stkpush/api/events/tickets', { method: 'POST' }));
    } catch (e) {
      retry();
      return;
    }
    if (closed) return;
    const url = new URL('/stkpush/events/', location.origin);
    url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
    url.searchParams.set('ticket', ticket);
    if (subscriberId) url.searchParams.set('subscriberId', subscriberId);
    if (pushId) url.searchParams.set('pushId', pushId);
    socket = new WebSocket(url);
    socket.addEventListener('open', () => {
      delayMs = firstDelayMs;
      watchSilence();
      onState('live');
    });
    socket.addEventListener('message', (message) => {
      watchSilence();
      let event;
      try {
        event = JSON.parse(message.data);
      } catch (e) {
        return;
      }
      if (event && event.type && event.type !== 'heartbeat') onEvent(event);
    });
    socket.addEventListener('close', () => {
      clearTimeout(silenceTimer);
      socket = null;
      retry();
    });
  }

  function retry() {
    if (closed || retryTimer) return;
    onState('connecting');
    retryTimer = setTimeout(connect, delayMs);
    delayMs = Math.min(delayMs * 2, maxDelayMs);
  }

  connect();
  return {
    close() {
      closed = true;
      clearTimeout(retryTimer);
      clearTimeout(silenceTimer);
      if (socket) socket.close();
    },
  };
}
