// The account dashboard: /?account=usr_abc or /?account=prov_xyz.
// Reads the API of this origin; live through /api/{user|providers}/{id}/events (server-sent events), never by polling.
// Amounts are kept as the exact text the API wrote (JSON numbers are never turned into floating point for display).
// Sign-in: the user's access token (a JWT the platform issues) arrives in a link's fragment (/#token=…, never sent to a
// server nor written in its logs) or is pasted; it is kept in this tab only and sent as Authorization: Bearer on every
// request. The page never asks for the gateway's key.
(() => {
  "use strict";

  const ACCOUNT_ID = /^(usr|prov)_[A-Za-z0-9_-]{1,64}$/;
  const TOKEN_STORAGE = "cxmpute.token";
  const PAGE_SIZE = 10;
  const MAX_RETRY_MS = 15000;

  const $ = (id) => document.getElementById(id);
  const body = document.body;

  const state = {
    account: null, // the account id shown
    provider: false,
    base: "", // /api/user/{id} or /api/providers/{id}
    token: readToken(),
    stats: null,
    cursors: [null], // cursors[i] opens ledger page i+1; null is the newest page
    page: 0,
    nextCursor: null,
    refreshing: false,
    refreshAgain: false,
    refreshes: 0,
    retryMs: 1000,
    retryTimer: 0,
    live: null, // { close() }
    liveRetryMs: 1000,
    charts: {},
  };

  // ---------------------------------------------------------------------------------------------- exact JSON

  /** JSON.parse that keeps every number as the text the server wrote ("0.009375", never 0.009375000000000001). */
  function parseExact(text) {
    return JSON.parse(text, (key, value, context) =>
      typeof value === "number" ? (context && typeof context.source === "string" ? context.source : String(value)) : value);
  }

  function show(value) {
    return value === null || value === undefined ? "—" : String(value);
  }

  // ---------------------------------------------------------------------------------------------- API access

  class ApiError extends Error {
    constructor(status, code, detail, retryAfter) {
      super(detail);
      this.status = status;
      this.code = code;
      this.detail = detail;
      this.retryAfter = retryAfter;
    }
  }

  /** A token in the fragment (#token=…) wins and is taken out of the address at once; else the one this tab kept. */
  function readToken() {
    const fragment = new URLSearchParams(location.hash.slice(1));
    const fromLink = (fragment.get("token") || "").trim();
    if (fromLink) {
      fragment.delete("token");
      const rest = fragment.toString();
      history.replaceState(null, "", location.pathname + location.search + (rest ? `#${rest}` : ""));
      try { sessionStorage.setItem(TOKEN_STORAGE, fromLink); } catch { /* kept in memory only */ }
      return fromLink;
    }
    try { return sessionStorage.getItem(TOKEN_STORAGE); } catch { return null; }
  }

  function storeToken(token) {
    state.token = token;
    try {
      if (token) sessionStorage.setItem(TOKEN_STORAGE, token); else sessionStorage.removeItem(TOKEN_STORAGE);
    } catch { /* storage refused (private mode): the token lives in memory for this page */ }
    showSignedIn();
  }

  /** The account a token speaks for (its sub), to choose what to show; the server checks the token, not this. */
  function tokenAccount(token) {
    try {
      const payload = token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
      const sub = JSON.parse(atob(payload)).sub;
      return typeof sub === "string" ? sub : null;
    } catch {
      return null;
    }
  }

  function showSignedIn() {
    const account = state.token ? tokenAccount(state.token) : null;
    $("signed-in").hidden = !state.token;
    $("signed-in-account").textContent = account || "a token";
    $("sign-in").hidden = Boolean(state.token);
  }

  function authorization(headers) {
    if (state.token) headers.Authorization = `Bearer ${state.token}`;
    return headers;
  }

  async function api(path, { method = "GET", json } = {}) {
    const headers = authorization({ Accept: "application/json" });
    if (json !== undefined) headers["Content-Type"] = "application/json";
    let response;
    try {
      response = await fetch(path, { method, headers, cache: "no-store", body: json === undefined ? undefined : JSON.stringify(json) });
    } catch {
      throw new ApiError(0, "network", "The server could not be reached.", null);
    }
    const text = await response.text();
    let data = null;
    try { data = text ? parseExact(text) : null; } catch { data = null; }
    if (!response.ok) {
      const retryAfter = Number(response.headers.get("Retry-After")) || null;
      throw new ApiError(response.status, (data && data.code) || `http_${response.status}`, (data && data.detail) || response.statusText, retryAfter);
    }
    return data;
  }

  // ---------------------------------------------------------------------------------------------- loading

  function start() {
    const params = new URLSearchParams(location.search);
    const account = (params.get("account") || (state.token && tokenAccount(state.token)) || "").trim();
    $("account-input").value = account;
    wireStaticControls();
    showSignedIn();
    if (!account) {
      notice("choose", "Choose an account",
        "Enter a user id (usr_…) or a provider id (prov_…) above to see its earnings, referral network and ledger.",
        "Example: /?account=usr_abc123. An account's referral code is its id.");
      $("account-input").focus();
      return;
    }
    if (!ACCOUNT_ID.test(account)) {
      notice("invalid", "That is not an account id",
        `“${account}” is not a Cxmpute account id.`,
        "User ids are usr_ followed by 1 to 64 letters, digits, _ or -; provider ids start with prov_ instead.");
      return;
    }
    state.account = account;
    state.provider = account.startsWith("prov_");
    state.base = `/api/${state.provider ? "providers" : "user"}/${encodeURIComponent(account)}`;
    document.title = `${account} · Cxmpute dashboard`;
    $("account-kind").textContent = state.provider ? "Provider" : "User";
    $("account-id").textContent = account;
    $("own-label").textContent = state.provider ? "Compute earnings" : "Usage points";
    document.querySelector("[data-own-heading]").textContent = state.provider ? "Compute" : "Usage points";
    $("referral-code").textContent = account;
    requestRefresh();
    connectLive();
  }

  /** Re-reads stats and the ledger page shown; calls that arrive meanwhile collapse into one more read. */
  function requestRefresh() {
    if (state.refreshing) {
      state.refreshAgain = true;
      return;
    }
    state.refreshing = true;
    refresh().finally(() => {
      state.refreshing = false;
      if (state.refreshAgain) {
        state.refreshAgain = false;
        requestRefresh();
      }
    });
  }

  async function refresh() {
    clearTimeout(state.retryTimer);
    try {
      const [stats, ledger] = await Promise.all([
        api(`${state.base}/referral-stats`),
        api(ledgerPath(state.cursors[state.page])),
      ]);
      state.retryMs = 1000;
      problem(null);
      renderStats(stats);
      renderLedger(ledger);
      state.refreshes++;
      body.dataset.refreshes = String(state.refreshes);
      body.dataset.state = "ready";
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      await failed(error);
    }
  }

  async function failed(error) {
    if (error.status === 404 && error.code === "account_not_found") {
      notice("unknown", "No such account yet",
        `${state.account} has not been seen: it has no earnings, no referrals and no registration.`,
        state.provider
          ? "A provider appears once it registers its hardware (PUT /api/providers/{id}). This page is live: it fills in by itself as soon as that happens."
          : "A user appears with its first award or when it applies a referral code. This page is live: it fills in by itself as soon as that happens.");
      return;
    }
    if (error.status === 401) {
      // No public reads here, or the token expired or was not accepted: sign in (again).
      const reason = state.token
        ? "Your sign-in has expired or was not accepted. Paste a new access token to go on."
        : "This server shows an account only to its owner. Sign in with your access token.";
      storeToken(null);
      if (await askForToken(reason)) {
        connectLive();
        requestRefresh();
      } else {
        notice("signed-out", "Sign-in needed", reason, "Open the link the platform gave you, or paste your access token.");
      }
      return;
    }
    if (error.status === 403) {
      const own = state.token && tokenAccount(state.token);
      notice("forbidden", "Not your account",
        `You are signed in as ${own || "another account"}, so this page cannot show ${state.account}.`,
        own ? `Your own account is at /?account=${own}. Sign out to use another token.` : "Sign out to use another token.");
      if (state.live) state.live.close();
      return;
    }
    if (error.status === 400) {
      notice("invalid", "That is not an account id", error.detail, "Check the address: /?account=usr_… or /?account=prov_…");
      return;
    }
    // Server down, cluster unavailable, rate limited, or a fault: say so, keep what is shown, and try again.
    const waitMs = Math.max(state.retryMs, (error.retryAfter || 0) * 1000);
    state.retryMs = Math.min(state.retryMs * 2, MAX_RETRY_MS);
    const what = error.status === 0
      ? "The server cannot be reached."
      : error.status === 503 ? "The server is up but the ledger is unavailable right now."
        : error.status === 429 ? "Too many requests right now."
          : `The server answered ${error.status} (${error.code}).`;
    const shown = state.stats ? " The figures below are from the last successful update." : "";
    problem(`${what}${shown} Retrying in ${Math.round(waitMs / 1000)} s…`);
    body.dataset.state = state.stats ? "stale" : "down";
    state.retryTimer = setTimeout(requestRefresh, waitMs);
  }

  function ledgerPath(cursor) {
    const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
    if (cursor) query.set("cursor", cursor);
    return `${state.base}/rewards?${query}`;
  }

  // ---------------------------------------------------------------------------------------------- live updates

  function connectLive() {
    if (state.live) state.live.close();
    // EventSource cannot send an Authorization header, and a token in the address would reach logs and history:
    // signed in, the stream is read with fetch, the token in the header; anonymous (public reads), EventSource will do.
    state.live = state.token ? fetchStream() : eventSource();
  }

  function live(mode, text) {
    body.dataset.live = mode;
    $("live").textContent = text;
  }

  function onReady() {
    state.liveRetryMs = 1000;
    live("on", "Live: updates appear as credits land.");
    requestRefresh(); // catches up on anything missed while (re)connecting
  }

  function onChanged() {
    requestRefresh();
  }

  function liveLost() {
    live("reconnecting", "Live updates interrupted: reconnecting…");
    // Is the server itself down? A read tells, and says so; while it is, failed() retries with back-off.
    if (body.dataset.state === "ready") requestRefresh();
  }

  function eventSource() {
    live("connecting", "Live updates: connecting…");
    const source = new EventSource(`${state.base}/events`);
    let timer = 0;
    source.addEventListener("ready", onReady);
    source.addEventListener("changed", onChanged);
    source.addEventListener("error", () => {
      liveLost();
      if (source.readyState === EventSource.CLOSED) {
        // An HTTP error (503, 401, …) closes an EventSource for good: reconnect ourselves, backing off.
        timer = setTimeout(connectLive, state.liveRetryMs);
        state.liveRetryMs = Math.min(state.liveRetryMs * 2, MAX_RETRY_MS);
      }
    });
    return { close: () => { clearTimeout(timer); source.close(); } };
  }

  /** The same stream read with fetch, so that the token travels in the Authorization header. */
  function fetchStream() {
    live("connecting", "Live updates: connecting…");
    const controller = new AbortController();
    let timer = 0;
    (async () => {
      try {
        const response = await fetch(`${state.base}/events`, {
          headers: authorization({ Accept: "text/event-stream" }), cache: "no-store", signal: controller.signal,
        });
        if (response.status === 401 || response.status === 403) {
          requestRefresh(); // a read meets the same refusal and says what to do; no reconnecting meanwhile
          return;
        }
        if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = "";
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value.replace(/\r\n?/g, "\n");
          let end;
          while ((end = buffer.indexOf("\n\n")) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const event = (block.split("\n").find((line) => line.startsWith("event:")) || "").slice(6).trim();
            if (event === "ready") onReady();
            else if (event === "changed") onChanged();
          }
        }
      } catch { /* fall through to reconnect */ }
      if (controller.signal.aborted) return;
      liveLost();
      timer = setTimeout(connectLive, state.liveRetryMs);
      state.liveRetryMs = Math.min(state.liveRetryMs * 2, MAX_RETRY_MS);
    })();
    return { close: () => { clearTimeout(timer); controller.abort(); } };
  }

  // ---------------------------------------------------------------------------------------------- rendering

  function notice(kind, title, text, hint) {
    body.dataset.state = kind;
    $("dashboard").hidden = true;
    $("notice").hidden = false;
    $("notice-title").textContent = title;
    $("notice-text").textContent = text;
    $("notice-hint").textContent = hint || "";
    problem(null);
  }

  function problem(text) {
    const element = $("problem");
    element.hidden = !text;
    element.textContent = text || "";
  }

  function field(stats, path) {
    return path.split(".").reduce((value, name) => (value === null || value === undefined ? undefined : value[name]), stats);
  }

  const formats = {
    trend(value) {
      if (value === null || value === undefined) return "—";
      const n = Number(value);
      if (n > 0) return `▲ up ${value.replace(/^\+/, "")} %`;
      if (n < 0) return `▼ down ${value.replace(/^-/, "")} %`;
      return "■ level, 0 %";
    },
    latency: (value) => (value === null || value === undefined ? "no latency reported" : `${value} ms`),
    tier: (value) => (value === null || value === undefined ? "not registered" : value),
  };

  function renderStats(stats) {
    const previous = state.stats;
    stats.own = state.provider ? stats.totalComputeRewards : stats.totalUsageRewards;
    state.stats = stats;
    $("notice").hidden = true;
    $("dashboard").hidden = false;

    for (const element of document.querySelectorAll("[data-field]")) {
      const value = field(stats, element.dataset.field);
      const format = formats[element.dataset.format];
      const text = format ? format(value) : show(value);
      if (element.textContent !== text) {
        element.textContent = text;
        const card = element.closest(".card");
        if (previous && card) flash(card);
      }
    }
    $("trend-note").textContent = stats.trend && stats.trend.changePercent === null
      ? " (nothing was earned in the 7 days before, so there is no percentage)" : "";
    $("provider-section").hidden = !state.provider;
    $("updated").textContent = `Updated ${new Date().toISOString().slice(11, 19)} UTC.`;

    renderReferrer(stats.referredBy);
    renderHistory(stats);
    if (state.provider) {
      renderMap("models", stats.earningsByModel || {}, "Earnings by model");
      renderMap("tiers", stats.earningsByTier || {}, "Earnings by tier");
    }
  }

  function flash(card) {
    card.classList.remove("changed");
    void card.offsetWidth; // restart the animation
    card.classList.add("changed");
  }

  function renderReferrer(referredBy) {
    const set = referredBy !== null && referredBy !== undefined;
    $("referral-form").hidden = set;
    $("referred-by").hidden = !set;
    if (set) {
      $("referred-by-id").textContent = referredBy;
      $("referred-by-link").href = `/?account=${encodeURIComponent(referredBy)}`;
    }
  }

  function cell(row, text, className, label) {
    const td = document.createElement("td");
    td.textContent = text;
    if (className) td.className = className;
    if (label) td.dataset.label = label;
    row.appendChild(td);
    return td;
  }

  function renderHistory(stats) {
    const days = stats.history || [];
    const tbody = $("history-table").tBodies[0];
    tbody.replaceChildren(...days.map((day) => {
      const row = document.createElement("tr");
      const th = document.createElement("th");
      th.scope = "row";
      th.textContent = day.day;
      row.appendChild(th);
      cell(row, show(day.earned), "num");
      cell(row, show(day.referral), "num");
      cell(row, show(day.total), "num");
      cell(row, show(day.newReferrals), "num");
      return row;
    }));
    chart("history", () => ({
      type: "bar",
      data: {
        labels: days.map((d) => d.day.slice(5)),
        datasets: [
          { label: state.provider ? "Compute earnings (solid)" : "Usage points (solid)", data: days.map((d) => Number(d.earned)), exact: days.map((d) => d.earned), backgroundColor: solid("#1f5fa8"), borderColor: "#123a66", borderWidth: 1, stack: "day", maxBarThickness: 40 },
          { label: "Referral rewards (striped)", data: days.map((d) => Number(d.referral)), exact: days.map((d) => d.referral), backgroundColor: stripes("#b35c00"), borderColor: "#7a3e00", borderWidth: 1, stack: "day", maxBarThickness: 40 },
        ],
      },
      options: chartOptions({ stacked: true, legend: true }),
    }));
  }

  function renderMap(name, map, title) {
    const entries = Object.entries(map).sort((a, b) => Number(b[1]) - Number(a[1]) || a[0].localeCompare(b[0]));
    const tbody = $(`${name}-table`).tBodies[0];
    if (entries.length === 0) {
      const row = document.createElement("tr");
      const td = cell(row, "No earnings in the last 30 days.", "muted");
      td.colSpan = 2;
      tbody.replaceChildren(row);
    } else {
      tbody.replaceChildren(...entries.map(([key, amount]) => {
        const row = document.createElement("tr");
        const th = document.createElement("th");
        th.scope = "row";
        th.textContent = key;
        row.appendChild(th);
        cell(row, show(amount), "num");
        return row;
      }));
    }
    chart(name, () => ({
      type: "bar",
      data: {
        labels: entries.map(([key]) => key),
        datasets: [{ label: title, data: entries.map(([, v]) => Number(v)), exact: entries.map(([, v]) => v), backgroundColor: solid("#1f5fa8"), borderColor: "#123a66", borderWidth: 1, maxBarThickness: 28 }],
      },
      options: chartOptions({ horizontal: true, legend: false }),
    }));
  }

  function chartOptions({ stacked = false, horizontal = false, legend = false }) {
    return {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      indexAxis: horizontal ? "y" : "x",
      scales: { x: { stacked, ticks: { autoSkip: true, maxRotation: 0 } }, y: { stacked, beginAtZero: true } },
      plugins: {
        legend: { display: legend, labels: { color: "#14212e" } },
        tooltip: {
          callbacks: { label: (item) => `${item.dataset.label}: ${item.dataset.exact[item.dataIndex]}` },
        },
      },
    };
  }

  function chart(name, config) {
    if (typeof window.Chart !== "function") return; // the tables carry the same figures
    const existing = state.charts[name];
    const next = config();
    if (existing) {
      existing.data = next.data;
      existing.update("none");
    } else {
      state.charts[name] = new window.Chart($(`${name}-chart`), next);
    }
  }

  function solid(colour) {
    return colour;
  }

  /** Diagonal stripes: the referral series differs from the solid one by pattern, not only by colour. */
  function stripes(colour) {
    const tile = document.createElement("canvas");
    tile.width = tile.height = 8;
    const g = tile.getContext("2d");
    g.fillStyle = "#ffffff";
    g.fillRect(0, 0, 8, 8);
    g.strokeStyle = colour;
    g.lineWidth = 2.5;
    g.beginPath();
    g.moveTo(-2, 10); g.lineTo(10, -2);
    g.moveTo(-2, 2); g.lineTo(2, -2);
    g.moveTo(6, 10); g.lineTo(10, 6);
    g.stroke();
    return g.createPattern(tile, "repeat");
  }

  const kinds = {
    usage: "Usage points",
    compute: "Compute earnings",
    direct: "Direct bonus",
    primary: "Referral, level 1",
    secondary: "Referral, level 2",
    tertiary: "Referral, level 3",
  };

  function renderLedger(page) {
    const entries = (page && page.entries) || [];
    state.nextCursor = (page && page.cursor) || null;
    const tbody = $("ledger-table").tBodies[0];
    tbody.replaceChildren(...entries.map((entry) => {
      const row = document.createElement("tr");
      cell(row, String(entry.at).replace("T", " ").replace(/(\.\d+)?Z$/, ""), "", "Recorded (UTC)");
      cell(row, kinds[entry.kind] || entry.kind, "", "Kind");
      cell(row, show(entry.amount), "num", "Amount");
      const from = cell(row, "", "", "From");
      if (entry.sourceAccountId && entry.sourceAccountId !== state.account && ACCOUNT_ID.test(entry.sourceAccountId)) {
        const link = document.createElement("a");
        link.href = `/?account=${encodeURIComponent(entry.sourceAccountId)}`;
        link.textContent = entry.sourceAccountId;
        link.className = "id";
        from.appendChild(link);
      } else {
        from.textContent = entry.sourceAccountId === state.account ? "own" : show(entry.sourceAccountId);
      }
      cell(row, show(entry.awardId), "id", "Award");
      return row;
    }));
    $("ledger-empty").hidden = entries.length > 0;
    $("ledger-page").textContent = `Page ${state.page + 1}`;
    $("ledger-newest").disabled = state.page === 0;
    $("ledger-newer").disabled = state.page === 0;
    $("ledger-older").disabled = !state.nextCursor;
  }

  // ---------------------------------------------------------------------------------------------- controls

  function wireStaticControls() {
    $("copy-code").addEventListener("click", copyCode);
    $("sign-in").addEventListener("click", signIn);
    $("sign-out").addEventListener("click", signOut);
    $("referral-form").addEventListener("submit", applyCode);
    $("ledger-older").addEventListener("click", () => {
      if (!state.nextCursor) return;
      state.cursors[state.page + 1] = state.nextCursor;
      state.page++;
      requestRefresh();
    });
    $("ledger-newer").addEventListener("click", () => {
      if (state.page === 0) return;
      state.page--;
      requestRefresh();
    });
    $("ledger-newest").addEventListener("click", () => {
      state.page = 0;
      state.cursors = [null];
      requestRefresh();
    });
  }

  async function copyCode() {
    const code = state.account;
    const status = $("copy-status");
    try {
      await navigator.clipboard.writeText(code);
      status.textContent = `Copied ${code} to the clipboard.`;
    } catch {
      const range = document.createRange();
      range.selectNodeContents($("referral-code"));
      const selection = getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      status.textContent = "The browser did not allow copying: the code is selected, press Ctrl+C (⌘C) to copy it.";
    }
  }

  function askForToken(reason) {
    const dialog = $("token-dialog");
    if (dialog.open) {
      // Already asking (a read and a submission both need it): share the answer.
      return new Promise((resolve) => dialog.addEventListener("close", () => resolve(state.token), { once: true }));
    }
    $("token-reason").textContent = reason;
    $("token-input").value = "";
    return new Promise((resolve) => {
      dialog.addEventListener("close", () => {
        const token = dialog.returnValue === "save" ? $("token-input").value.trim() : "";
        if (token) storeToken(token);
        resolve(token || null);
      }, { once: true });
      dialog.returnValue = "";
      dialog.showModal();
      $("token-input").focus();
    });
  }

  async function signIn() {
    if (!(await askForToken("Paste the access token the platform gave you."))) return;
    const own = tokenAccount(state.token);
    if (!state.account || body.dataset.state === "forbidden") {
      if (own && ACCOUNT_ID.test(own)) location.assign(`${location.pathname}?account=${encodeURIComponent(own)}`);
      return;
    }
    connectLive();
    requestRefresh();
  }

  function signOut() {
    storeToken(null);
    if (state.live) state.live.close();
    location.assign(location.pathname + location.search);
  }

  function referralMessage(error, code) {
    const own = state.provider ? "provider" : "user";
    switch (error.code) {
      case "referrer_already_set":
        return "This account already has a referrer. A referral is permanent, so another code cannot be applied.";
      case "referral_cycle":
        return `${code} is in your own referral network (you referred them, directly or further down the line). Referrals cannot go round in a circle, so this code cannot be used.`;
      case "referral_kind_mismatch":
        return state.provider
          ? `${code} is a user's code. Providers can only use another provider's code (prov_…).`
          : `${code} is a provider's code. Users can only use another user's code (usr_…).`;
      case "account_not_found":
        return state.provider
          ? `No provider has the code ${code}, or this provider has not registered its hardware yet. Check the code for typos.`
          : `No account has the code ${code}. Check it for typos: codes are account ids such as usr_abc123.`;
      case "self_referral":
        return "That is your own code. Enter the code of the account that invited you.";
      case "validation_failed":
        return `“${code}” is not a referral code. A code is an account id: usr_ or prov_ followed by letters, digits, _ or -.`;
      case "unauthorized":
        return "Your sign-in was not accepted (it may have expired). Submit again to paste a new access token.";
      case "forbidden":
        return "You are signed in as another account: a code can be applied only to your own account.";
      case "rate_limited":
        return "Too many requests right now. Wait a moment and try again.";
      case "network":
        return "The server could not be reached. Nothing was changed; try again in a moment.";
      case "unavailable":
        return "The ledger is unavailable right now. Nothing was changed; try again in a moment.";
      default:
        return `The server refused the code (${error.status} ${error.code}): ${error.detail} (this ${own} account).`;
    }
  }

  async function applyCode(event) {
    event.preventDefault();
    const input = $("referral-input");
    const error = $("referral-error");
    const done = $("referral-done");
    const code = input.value.trim();
    error.hidden = true;
    done.hidden = true;
    const fail = (message) => {
      error.textContent = message;
      error.hidden = false;
      input.setAttribute("aria-invalid", "true");
      if (!$("referral-form").hidden) input.focus();
    };
    input.removeAttribute("aria-invalid");
    if (!code) return fail("Enter a referral code first, for example usr_abc123.");
    if (!state.token && !(await askForToken("Applying a referral code changes your account, so it needs you to sign in: paste your access token."))) {
      return fail("Applying a code needs you to be signed in. Nothing was changed.");
    }
    const button = $("referral-submit");
    button.disabled = true;
    try {
      const result = await api(`${state.base}/referral`, { method: "POST", json: { referralCode: code } });
      input.value = "";
      done.textContent = `Code applied: you were referred by ${result.referredBy}, who received a direct bonus of ${result.directBonus}.`;
      done.hidden = false;
      requestRefresh();
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      if (e.status === 401) storeToken(null);
      fail(referralMessage(e, code));
      if (e.code === "referrer_already_set") requestRefresh(); // show the referrer it has
    } finally {
      button.disabled = false;
    }
  }

  start();
})();
