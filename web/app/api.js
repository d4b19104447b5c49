// The API from the same origin, with the key from localStorage["relmap.apiKey"] as X-API-Key.
// A 401 asks for a key (once, however many calls are waiting) and the call is sent again.

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

export class Api {
  constructor(root, askForKey) {
    this.root = root;
    this.askForKey = askForKey;
    this.asking = null;
  }

  get(path, params) {
    return this.call("GET", path + query(params));
  }

  post(path, body) {
    return this.call("POST", path, body);
  }

  async call(method, path, body) {
    for (;;) {
      const headers = { Accept: "application/json" };
      const key = localStorage.getItem("relmap.apiKey");
      if (key) headers["X-API-Key"] = key;
      if (body !== undefined) headers["Content-Type"] = "application/json";
      const answer = await fetch(this.root + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (answer.status === 401) {
        const problem = await answer.json().catch(() => ({}));
        await this.key(problem.detail || "relmap asks for an API key (X-API-Key).");
        continue;
      }
      const data = await answer.json().catch(() => ({}));
      if (!answer.ok) throw new ApiError(answer.status, data);
      return { status: answer.status, data };
    }
  }

  key(reason) {
    if (!this.asking) {
      this.asking = this.askForKey(reason).finally(() => (this.asking = null));
    }
    return this.asking;
  }
}

function query(params) {
  if (!params) return "";
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === "") continue;
    if (Array.isArray(value)) value.forEach((v) => search.append(name, String(v)));
    else search.set(name, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : "";
}
