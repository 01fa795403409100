// The operator REST API as the dialog uses it: JSON, same-origin credentials (the host's login), and every refusal
// turned into an ApiError whose message is plain words for the operator.

export class ApiError extends Error {
  /**
   * @param {number} status the HTTP status, 0 when the server could not be reached
   * @param {string} code   the API's error code (invalid_phone, prompt_open, …)
   */
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

function plainWords(status) {
  if (status === 401) {
    return 'Log in as an operator.';
  }
  if (status === 403) {
    return 'The server refused this request.';
  }
  if (status === 503) {
    return 'STK Push is not available right now. Try again in a few minutes.';
  }
  return `The server could not do this (HTTP ${status}). Try again.`;
}

export class OperatorApi {
  /** @param {string} base where the API is, /stkpush/api by default */
  constructor(base) {
    this.base = base.replace(/\/+$/, '');
  }

  searchSubscribers(query, signal) {
    return this.#request('GET', `/subscribers?q=${encodeURIComponent(query)}&limit=10`, undefined, signal);
  }

  subscriber(id) {
    return this.#request('GET', `/subscribers/${encodeURIComponent(id)}`);
  }

  /** 202 with the push; 400 invalid_phone / invalid_amount, 404 unknown_subscriber, 409 prompt_open. */
  sendPush(order) {
    return this.#request('POST', '/pushes', order);
  }

  push(pushId) {
    return this.#request('GET', `/pushes/${encodeURIComponent(pushId)}`);
  }

  stopWaiting(pushId) {
    return this.#request('POST', `/pushes/${encodeURIComponent(pushId)}/stop-waiting`);
  }

  /** The host's plans: `[{id, name, priceKes, period, periodText}]` (renewal extension). */
  plans() {
    return this.#request('GET', '/plans');
  }

  /**
   * Renews the subscriber on the plan, paid by a payment prompt (the price comes from the plan): 202 with the
   * renewal and its pushId; 400 invalid_request, 404, 409 prompt_open.
   */
  startRenewal(order) {
    return this.#request('POST', '/renewals', order);
  }

  renewal(renewalId) {
    return this.#request('GET', `/renewals/${encodeURIComponent(renewalId)}`);
  }

  /** A short-lived, single-use ticket for opening the events WebSocket, which cannot carry the login itself. */
  eventTicket() {
    return this.#request('POST', '/events/tickets');
  }

  // Absolute, without user:password: a page opened as http://user:pass@host/… would otherwise lend them to every
  // relative URL, and fetch refuses such URLs. The browser still sends the login it holds for the site.
  #url(path) {
    const url = new URL(this.base + path, document.baseURI);
    url.username = '';
    url.password = '';
    return url;
  }

  async #request(method, path, body, signal) {
    const headers = { Accept: 'application/json' };
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
    }
    let response;
    try {
      response = await fetch(this.#url(path), {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: 'same-origin',
        cache: 'no-store',
        signal,
      });
    } catch (e) {
      if (e?.name === 'AbortError') {
        throw e;
      }
      throw new ApiError(0, 'unreachable', 'Cannot reach the server. Check the connection, then try again.');
    }
    let json = null;
    try {
      json = await response.json();
    } catch {
      // no body, or not JSON: the status says enough
    }
    if (!response.ok) {
      const message = response.status !== 401 && typeof json?.message === 'string' && json.message.trim()
        ? json.message : plainWords(response.status);
      throw new ApiError(response.status, typeof json?.error === 'string' ? json.error : `http_${response.status}`,
        message);
    }
    return json;
  }
}
