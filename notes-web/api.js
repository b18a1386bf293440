/**
 * The notes API seen from the page: each call resolves to the API's JSON answer or rejects with an
 * ApiProblem whose message is the one to show (the API's own message when it gave one).
 */
export class ApiProblem extends Error {
  /**
   * @param {string} message what to show, as the API worded it where it did
   * @param {{status?: number, code?: string, requestId?: string, unreachable?: boolean}} details
   */
  constructor(message, { status = null, code = null, requestId = null, unreachable = false } = {}) {
    super(message);
    this.name = 'ApiProblem';
    this.status = status;
    this.code = code;
    this.requestId = requestId;
    this.unreachable = unreachable;
  }
}

export class NotesApi {
  /** @param {string} baseUrl the API's base URL, e.g. https://abc.execute-api.eu-west-1.amazonaws.com */
  constructor(baseUrl) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
  }

  listNotes(limit, cursor) {
    return this.#send('GET', '/notes' + query(limit, cursor));
  }

  readNote(id, limit, cursor) {
    return this.#send('GET', '/notes/' + encodeURIComponent(id) + query(limit, cursor));
  }

  postNote(text, author) {
    return this.#send('POST', '/notes', post(text, author));
  }

  postReply(noteId, text, author) {
    return this.#send('POST', '/notes/' + encodeURIComponent(noteId) + '/replies', post(text, author));
  }

  async #send(method, path, body) {
    let response;
    try {
      response = await fetch(this.baseUrl + path, {
        method,
        mode: 'cors',
        credentials: 'omit',
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body,
      });
    } catch {
      // fetch gives no reason, by design: a server that is down and an answer the browser withheld
      // (CORS) look the same to the page, so the message names both.
      throw new ApiProblem(
        `The notes API at ${this.baseUrl} could not be reached from this page: either it is not answering, or ` +
          `the browser blocked its answer because this page's origin (${window.location.origin}) is not among ` +
          `the API's allowed origins (CORS).`,
        { unreachable: true },
      );
    }
    const text = await response.text();
    let json = null;
    try {
      json = text === '' ? null : JSON.parse(text);
    } catch {
      json = null;
    }
    if (response.ok && json !== null && typeof json === 'object') {
      return json;
    }
    if (!response.ok && json !== null && typeof json.message === 'string') {
      throw new ApiProblem(json.message, {
        status: response.status,
        code: typeof json.error === 'string' ? json.error : null,
        requestId: typeof json.requestId === 'string' ? json.requestId : null,
      });
    }
    throw new ApiProblem(
      `The notes API answered HTTP ${response.status} ${response.ok ? 'without the JSON it should send' : 'without an error message'}.`,
      { status: response.status },
    );
  }
}

function query(limit, cursor) {
  const parameters = new URLSearchParams({ limit: String(limit) });
  if (cursor) {
    parameters.set('cursor', cursor);
  }
  return '?' + parameters;
}

/** The body of a post: the text as typed (never trimmed: the API decides what it accepts), the author only if given. */
function post(text, author) {
  return JSON.stringify(author === '' ? { text } : { text, author });
}
