// Tiny DOM helpers: no framework.
const Props = new Set(['value', 'checked', 'selected', 'open', 'hidden', 'disabled']);

export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (Props.has(k)) el[k] = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : String(c));
  }
  return el;
}

/** Replaces the children of el, skipping null/false. */
export function mount(el, ...children) {
  clear(el);
  for (const c of children.flat()) if (c !== null && c !== undefined && c !== false) el.append(c);
  return el;
}

export function clear(el) {
  while (el.firstChild) el.firstChild.remove();
  return el;
}

/** fn after ms of quiet; .flush() runs a waiting call at once and returns its result. */
export function debounce(fn, ms) {
  let timer = null;
  const run = () => {
    timer = null;
    return fn();
  };
  const call = () => {
    clearTimeout(timer);
    timer = setTimeout(run, ms);
  };
  call.flush = () => {
    if (timer === null) return undefined;
    clearTimeout(timer);
    return run();
  };
  return call;
}

/** "2024-12-01" or an ISO time (shown in the phone's time zone) → 12月1日 */
export function formatDate(value) {
  const text = String(value);
  if (text.includes('T')) {
    const d = new Date(text);
    if (!Number.isNaN(d.getTime())) return `${d.getMonth() + 1}月${d.getDate()}日`;
  }
  const m = text.match(/^(\d{4})-(\d{2})-(\d{2})/);
  return m ? `${Number(m[2])}月${Number(m[3])}日` : text;
}
