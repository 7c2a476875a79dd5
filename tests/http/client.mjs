// A small HTTP client for the tests: keeps cookies like a browser, never
// follows redirects (tests look at them), reads CSRF tokens out of forms, and
// sends raw requests when a test needs bytes no ordinary client would send.
import net from 'node:net';

export const DEMO_PASSWORD = 'welkom-in-de-zorg';

export class Client {
  constructor(base) {
    this.base = base;
    this.cookies = new Map();
    this.csrf = null;
  }

  cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  remember(res) {
    for (const c of res.headers.getSetCookie()) {
      const [pair, ...attrs] = c.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const maxAge = attrs.map((a) => a.trim()).find((a) => a.startsWith('Max-Age='));
      if (value === '' || maxAge === 'Max-Age=0') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async request(method, path, { body, headers = {}, form, json } = {}) {
    const h = { ...headers };
    if (this.cookies.size) h.Cookie = this.cookieHeader();
    let payload = body;
    if (form) {
      payload = new URLSearchParams(form).toString();
      h['Content-Type'] = 'application/x-www-form-urlencoded';
    } else if (json !== undefined) {
      payload = typeof json === 'string' ? json : JSON.stringify(json);
      h['Content-Type'] = 'application/json';
    }
    const res = await fetch(this.base + path, { method, headers: h, body: payload, redirect: 'manual' });
    this.remember(res);
    const text = await res.text();
    const m = /name="csrf" value="([^"]*)"/.exec(text);
    if (m) this.csrf = m[1];
    return { status: res.status, headers: res.headers, text, json: () => JSON.parse(text) };
  }

  get(path, opts) {
    return this.request('GET', path, opts);
  }

  // Posts a form with the CSRF token of the last page seen (unless form.csrf is given).
  post(path, form = {}, opts = {}) {
    const f = 'csrf' in form ? form : { csrf: this.csrf ?? '', ...form };
    return this.request('POST', path, { ...opts, form: f });
  }

  async login(email, password = DEMO_PASSWORD) {
    await this.get('/login');
    return this.post('/login', { email, password });
  }
}

// Sends raw bytes and resolves the raw response text (status line first).
export function rawRequest(url, bytes, { timeoutMs = 5000 } = {}) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const sock = net.connect(Number(port), hostname);
    let data = '';
    const timer = setTimeout(() => {
      sock.destroy();
      resolve(data);
    }, timeoutMs);
    sock.on('connect', () => sock.write(bytes));
    sock.on('data', (d) => {
      data += d.toString('latin1');
    });
    sock.on('end', () => {
      clearTimeout(timer);
      resolve(data);
    });
    sock.on('error', (e) => {
      clearTimeout(timer);
      if (data) resolve(data);
      else reject(e);
    });
  });
}

// The status code of a raw response.
export function rawStatus(text) {
  const m = /^HTTP\/1\.[01] (\d{3})/.exec(text);
  return m ? Number(m[1]) : 0;
}
