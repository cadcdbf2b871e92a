// Added by `soteria serve` to every page it sends (never to `soteria build` output): reloads the
// page after a successful rebuild, swaps the stylesheets after a stylesheet-only change, and
// shows what is wrong over the page while a rebuild has failed.
(() => {
  'use strict';
  const OVERLAY_ID = 'soteria-overlay';
  // The build this page comes from: if the site was rebuilt while the event stream was down, the
  // page reloads when it reconnects.
  const BUILD = document.currentScript ? document.currentScript.dataset.build : undefined;

  function el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) node.setAttribute(name, value);
    for (const child of children) {
      if (child !== null && child !== undefined) node.append(child);
    }
    return node;
  }

  function texts(strings) {
    const lang = document.documentElement.lang || 'en';
    return strings[lang] || strings[lang.split('-')[0]] || strings.en || Object.values(strings)[0] || {
      title: 'The site could not be rebuilt',
      help: 'Fix the problems below and save: this page updates by itself.',
    };
  }

  function problem(p) {
    const where = p.file + (p.line ? `:${p.line}:${p.column}` : '');
    const item = el('li', {},
      el('p', { class: 'soteria-where', dir: 'ltr' }, el('code', {}, where), ` error[${p.code}]`),
      el('p', { class: 'soteria-message', dir: 'auto' }, p.message));
    if (p.source !== null && p.source !== undefined) {
      const gutter = String(p.line);
      const caret = ' '.repeat(gutter.length) + ' | ' + ' '.repeat(Math.max(0, p.column - (p.source_column || 1))) +
        '^'.repeat(Math.max(1, p.len));
      item.append(el('pre', { dir: 'ltr' }, `${gutter} | ${p.source}\n${caret}`));
    }
    if (p.help) item.append(el('p', { class: 'soteria-help', dir: 'auto' }, p.help));
    return item;
  }

  // While the errors are shown, the status is also asked for every second: should the event
  // stream have missed the rebuild that fixed them, the page still recovers by itself.
  let polling;
  let shown = '';

  function show(status) {
    // The same errors again (a poll): leave the overlay, its scroll position and focus alone.
    const key = JSON.stringify(status);
    if (key === shown && document.getElementById(OVERLAY_ID)) return;
    shown = key;
    const old = document.getElementById(OVERLAY_ID);
    if (old) old.remove();
    if (status.ok) {
      clearInterval(polling);
      polling = undefined;
      return;
    }
    if (polling === undefined) polling = setInterval(refresh, 1000);
    const t = texts(status.strings || {});
    const list = el('ol', {}, ...status.problems.map(problem));
    const overlay = el('div', {
      id: OVERLAY_ID, role: 'alertdialog', 'aria-modal': 'true',
      'aria-labelledby': 'soteria-overlay-title', 'aria-describedby': 'soteria-overlay-help',
      tabindex: '-1',
    },
      el('h2', { id: 'soteria-overlay-title' }, t.title),
      el('p', { id: 'soteria-overlay-help' }, t.help),
      status.message ? el('p', { class: 'soteria-message', dir: 'ltr' }, status.message) : null,
      list);
    document.body.append(overlay);
    overlay.focus();
  }

  async function refresh() {
    try {
      const response = await fetch('/__soteria/status', { cache: 'no-store' });
      const status = await response.json();
      if (BUILD !== undefined && String(status.build) !== BUILD) {
        location.reload();
        return;
      }
      show(status);
    } catch (_) {
      // The server stopped; the page stays as it is.
    }
  }

  function swapStylesheets() {
    for (const link of document.querySelectorAll('link[rel="stylesheet"]')) {
      const url = new URL(link.href);
      if (url.origin !== location.origin || url.pathname.startsWith('/__soteria/')) continue;
      url.searchParams.set('soteria-reload', String(Date.now()));
      const fresh = link.cloneNode();
      fresh.href = url.href;
      fresh.addEventListener('load', () => link.remove());
      link.after(fresh);
    }
    refresh();
  }

  function listen() {
    const events = new EventSource('/__soteria/events');
    events.addEventListener('reload', () => location.reload());
    events.addEventListener('css', swapStylesheets);
    events.addEventListener('failed', refresh);
    // Also on every (re)connection: events sent while it was down are not sent again.
    events.addEventListener('open', refresh);
    // A stream the server refused (too many open at once) is not tried again by the browser.
    events.addEventListener('error', () => {
      if (events.readyState === EventSource.CLOSED) setTimeout(listen, 2000);
    });
  }
  listen();
})();
