// Talking to the server: JSON requests whose errors carry the server's one-sentence message.

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

export async function request(method, path, body, contentType = 'application/json') {
  const init = { method, headers: {} };
  if (body !== undefined) {
    init.body = contentType === 'application/json' ? JSON.stringify(body) : body;
    init.headers['Content-Type'] = contentType;
  }
  const res = await fetch(path, init);
  const type = res.headers.get('Content-Type') || '';
  if (!res.ok) {
    let message = `the server answered ${res.status}`;
    if (type.includes('json')) {
      try { message = (await res.json()).error || message; } catch (e) { /* keep the status */ }
    }
    throw new ApiError(res.status, message);
  }
  return type.includes('json') ? res.json() : res.blob();
}
