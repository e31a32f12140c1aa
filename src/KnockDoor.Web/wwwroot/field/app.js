// The phone form for field workers: the task list, the household checklist, the outbox and its status line.
// Everything on screen is read from the phone (IndexedDB): the app opens and works without a network once the
// worker has signed in and synced; the scheduler sends and syncs in the background when it can.
import * as api from './api.js';
import * as db from './db.js';
import * as outbox from './outbox.js';
import * as scheduler from './scheduler.js';
import * as sync from './sync.js';
import { shrink } from './photos.js';
import { h, clear, mount, debounce, formatDate } from './dom.js';
import { createSignature } from './signature.js';
import { registerServiceWorker } from './update.js';

const LoginUrl = '/Account/Login?ReturnUrl=%2Ffield%2F';
const Outcomes = [
  ['Visited', '入户走访'],
  ['NobodyHome', '无人在家'],
  ['Refused', '拒绝入户'],
  ['MovedAway', '已搬离'],
  ['Deceased', '已去世'],
  ['Other', '其他'],
];
const OutcomeNames = Object.fromEntries(Outcomes);
const SeverityNames = { Medium: '一般', High: '较大', Critical: '重大' };

const view = document.getElementById('view');
const state = { me: null, tasks: [], flash: null, village: '', query: '', persisted: null };

// ---------- start, sign-in ----------

/**
 * Online, the server says who is signed in and that worker's data is opened. Offline, or when the sign-in has
 * expired (401), the app opens the data of the worker last signed in on this phone: the forms can be filled,
 * and sending waits for a new sign-in. After an explicit sign-out nobody's data opens without signing in.
 */
async function start() {
  registerServiceWorker({ onReady: showUpdate, beforeApply: async () => { await current?.save.flush(); } });
  const deviceId = await db.deviceId();
  let me = null;
  let signedOut = false;
  let verifiedAt = 0;
  try {
    me = await api.me();
    verifiedAt = Date.now();
  } catch (e) {
    signedOut = api.isSignedOut(e);
  }
  if (me) {
    await db.setSignedInUser(me.id);
    await db.useUser(me.id);
    await db.putMeta('me', me);
  } else {
    const userId = await db.signedInUser();
    if (!userId) return signedOut ? showSignIn() : showError('无法连接服务器。首次使用请在有网络时登录。');
    await db.useUser(userId);
    me = await db.getMeta('me');
    if (!me) return showSignIn();
  }
  state.me = me;
  renderWho();
  if (!me.permissions.includes('VisitsSubmit')) {
    mount(view, h('div', { class: 'alert warn' }, '此账号没有入户走访权限。'), h('p', {}, h('a', { href: '/' }, '返回办公首页')));
    return;
  }
  // Asked once: without it the browser may clear the phone's records when storage runs low.
  navigator.storage?.persist?.().then((granted) => { state.persisted = granted; }).catch(() => {});
  document.getElementById('outbox-send').addEventListener('click', sendNow);
  window.addEventListener('hashchange', route);
  window.addEventListener('pagehide', () => current?.save.flush());
  document.addEventListener('visibilitychange', () => current?.save.flush());
  listenForPull();
  await route();
  scheduler.start({ userId: me.id, deviceId, onChange: onBackgroundChange, verifiedAt });
}

function showSignIn() {
  mount(view,
    h('div', { class: 'card' },
      h('h1', {}, '请先登录'),
      h('p', {}, '使用本人账号登录后即可查看走访任务、填写入户排查清单。登录一次后，没有网络也能打开和填写。'),
      h('a', { class: 'button primary wide', href: LoginUrl, id: 'sign-in' }, '登录')));
}

function showError(message) {
  mount(view, h('div', { class: 'alert error', role: 'alert' }, message), h('p', {}, h('a', { href: '#/' }, '‹ 返回任务列表')));
}

function showUpdate(apply) {
  const bar = document.getElementById('update');
  bar.hidden = false;
  bar.onclick = () => {
    bar.disabled = true;
    apply();
  };
}

async function renderWho() {
  const who = clear(document.getElementById('who'));
  const unit = h('span', { class: 'unit' });
  who.append(h('span', { class: 'me' }, state.me.displayName), unit,
    h('button', { type: 'button', class: 'link', id: 'sign-out', onclick: doSignOut }, '退出'));
  let units = await db.getMeta('units');
  const show = () => {
    const own = (units || []).find((u) => u.code === state.me.orgUnitCode);
    unit.textContent = own ? own.name : '';
  };
  show();
  if (navigator.onLine) {
    try {
      units = await api.orgUnits();
      await db.putMeta('units', units);
      show();
    } catch { /* offline or signed out: the kept names */ }
  }
}

/**
 * Signing out needs the server (the cookie is ended there). Unsent records and drafts stay on the phone, in this
 * worker's own database: another worker signing in never sees them, and they are sent when this one is back.
 */
async function doSignOut() {
  const s = await outbox.summary();
  const drafts = (await db.draftKeys()).length;
  if (s.pending || drafts) {
    const what = [s.pending ? `${s.pending} 条走访记录未发送${s.pendingPhotos ? `（照片 ${s.pendingPhotos} 张）` : ''}` : '', drafts ? `${drafts} 份草稿未提交` : '']
      .filter(Boolean).join('，');
    if (!confirm(`还有 ${what}。\n退出后这些记录仍保存在本机，不会删除；用本账号重新登录后会继续发送。\n确定退出吗？`)) return;
  }
  try {
    await api.signOut();
  } catch {
    statusAlert('warn', '无法连接服务器，退出需要网络。记录仍在本机。');
    return;
  }
  await current?.save.flush();
  await db.forgetServerData();
  await db.setSignedInUser(null);
  location.href = LoginUrl;
}

// ---------- the status line: 待发送 N 条（照片 M 张）· 上次同步 HH:mm ----------

// Times are shown in China time whatever zone the phone is set to, as the office pages show them.
const chinaDay = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', month: 'numeric', day: 'numeric' });
const chinaClock = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hour12: false });

function clockText(iso) {
  if (!iso) return '尚未同步';
  const d = new Date(iso);
  const hm = chinaClock.format(d);
  return chinaDay.format(d) === chinaDay.format(new Date()) ? hm : `${monthDay(d)} ${hm}`;
}

function monthDay(d) {
  const part = type => chinaDay.formatToParts(d).find(p => p.type === type)?.value;
  return `${part('month')}月${part('day')}日`;
}

function statusAlert(kind, ...content) {
  const box = clear(document.getElementById('status-alert'));
  if (kind) box.append(h('div', { class: `alert ${kind}`, role: 'status' }, ...content));
}

async function refreshStatus() {
  const s = await outbox.summary();
  const last = await sync.lastSyncAt();
  const run = scheduler.status();
  const bar = document.getElementById('outbox');
  bar.hidden = false;
  bar.dataset.pending = String(s.pending);
  bar.dataset.photos = String(s.pendingPhotos);
  bar.classList.toggle('idle', s.pending === 0);
  const parts = [`待发送 ${s.waiting} 条（照片 ${s.pendingPhotos} 张）`, `上次同步 ${clockText(last)}`];
  if (s.conflicts) parts.push(`编号冲突 ${s.conflicts} 条（已保留在本机）`);
  // Each part stays on one line; a narrow screen wraps between them.
  mount(document.getElementById('outbox-text'), ...parts.flatMap((p, i) => [i ? ' · ' : null, h('span', { class: 'part' }, p)]));
  // The header stays on screen while a long form scrolls: it carries the count too.
  const badge = document.getElementById('badge');
  badge.textContent = [!navigator.onLine ? '离线' : '', s.pending ? `待发送 ${s.pending}` : ''].filter(Boolean).join(' · ');
  badge.hidden = !badge.textContent;
  const net = document.getElementById('outbox-net');
  net.textContent = !navigator.onLine ? '离线' : run.busy ? '正在同步…' : '';
  net.hidden = !net.textContent;
  if (run.auth === 'signed-out') {
    statusAlert('error', '登录已过期，记录都保存在本机。', h('a', { href: LoginUrl, id: 'sign-in-again' }, '请重新登录后发送'));
  } else if (run.auth === 'other-user') {
    statusAlert('warn', '本机已由其他账号登录，本账号的记录暂停发送。', h('a', { href: '/field/' }, '刷新'));
  } else if (run.lastError) {
    statusAlert('warn', run.lastError);
  } else {
    statusAlert(null);
  }
  return s;
}

async function sendNow() {
  const button = document.getElementById('outbox-send');
  button.disabled = true;
  try {
    await scheduler.run({ byHand: true });
  } finally {
    button.disabled = false;
  }
  const s = await refreshStatus();
  if (s.waiting && scheduler.status().auth === 'ok') {
    statusAlert('warn', `仍有 ${s.waiting} 条未发送：${s.refused.length ? '服务器拒收，见任务列表上方的说明' : '网络未连通，稍后自动重试'}`);
  }
}

/** After a background cycle (this tab's or another's): the status line, and the list if it is on screen. */
async function onBackgroundChange(result) {
  // "正在发送…" is out of date once a cycle has ended: the status line (and any refusal) says what happened.
  if (result) document.querySelector('#flash[data-sending]')?.remove();
  await refreshStatus();
  if (!location.hash.startsWith('#/t/') && document.getElementById('tasks')) await refreshList();
}

// ---------- routing ----------

async function route() {
  const m = location.hash.match(/^#\/t\/(.+)$/);
  if (current && !m) current = null;
  await refreshStatus();
  window.scrollTo(0, 0);
  if (m) return openForm(decodeURIComponent(m[1]));
  return renderList();
}

// ---------- task list ----------

const byVisitThenVillage = (a, b) =>
  (a.visited - b.visited) || (a.villageName || '').localeCompare(b.villageName || '', 'zh') || a.name.localeCompare(b.name, 'zh');

const categoriesText = (c) => (Array.isArray(c) ? c.join('、') : c || '');

/** The worker's tasks from the phone, with what the phone knows beyond the last sync (records waiting to be sent). */
async function loadTasks() {
  const [tasks, visits, s] = await Promise.all([db.allTasks(), db.allVisits(), outbox.summary()]);
  const queued = new Map(s.items.map((i) => [i.targetId, i]));
  const visited = new Set(visits.filter((v) => v.outcome === 'Visited').map((v) => v.targetId));
  for (const t of tasks) {
    const q = queued.get(t.targetId);
    t.queued = !!q;
    if (visited.has(t.targetId) || q?.visit.outcome === 'Visited') t.visited = true;
  }
  state.tasks = tasks.sort(byVisitThenVillage);
  return s;
}

function refusedAlerts(s) {
  const alerts = [];
  for (const i of s.refused) {
    const name = i.visit.header?.placeName || '';
    if (i.error) {
      const fix = i.error.status !== 409 && !i.visitSent
        ? h('button', { type: 'button', class: 'link', onclick: () => reopenRefused(i.id) }, '返回修改') : null;
      alerts.push(h('div', { class: 'alert error', role: 'alert', 'data-refused': i.id }, `${name}：${i.error.message}（记录已保留在本机）`, fix));
    }
    for (const p of i.photos.filter((x) => x.error)) {
      alerts.push(h('div', { class: 'alert error', role: 'alert' }, `${name} 的照片：${p.error.message}（照片已保留在本机）`));
    }
  }
  return alerts;
}

async function reopenRefused(id) {
  const draft = await outbox.backToDraft(id);
  if (!draft) return;
  scheduler.announce();
  location.hash = `#/t/${encodeURIComponent(draft.targetId)}`;
}

async function renderList() {
  const list = h('ul', { class: 'tasks', id: 'tasks' });
  const villageSelect = h('select', { id: 'village', 'aria-label': '按村筛选', onchange: (e) => { state.village = e.target.value; fillList(); } });
  const search = h('input', { type: 'search', id: 'search', placeholder: '姓名 / 地址', value: state.query, 'aria-label': '搜索', oninput: (e) => { state.query = e.target.value; fillList(); } });
  mount(view,
    h('div', { id: 'pull', class: 'pull', hidden: true }, '松开即可同步'),
    state.flash ? h('div', { class: `alert ${state.flash.kind}`, role: 'status', id: 'flash', 'data-sending': state.flash.sending }, state.flash.text) : null,
    h('div', { id: 'refused' }),
    h('h1', {}, '我的任务'),
    h('p', { class: 'muted small', id: 'counts' }),
    h('div', { class: 'filters' }, villageSelect, search),
    list,
    h('p', { class: 'muted small', id: 'footer' }));
  state.flash = null;
  await refreshList();
}

/** Reloads the list's data from the phone and redraws it, keeping the filters (and the focus in them). */
async function refreshList() {
  const s = await loadTasks();
  const drafts = new Set(await db.draftKeys());
  state.drafts = drafts;
  mount(document.getElementById('refused'), ...refusedAlerts(s));
  const visited = state.tasks.filter((t) => t.visited).length;
  document.getElementById('counts').textContent = `共 ${state.tasks.length} 户，已走访 ${visited} 户`;
  const select = document.getElementById('village');
  if (document.activeElement !== select) {
    const villages = [...new Set(state.tasks.map((t) => t.villageName).filter(Boolean))].sort((a, b) => a.localeCompare(b, 'zh'));
    if (state.village && !villages.includes(state.village)) state.village = '';
    mount(select, h('option', { value: '' }, '全部村（社区）'), ...villages.map((v) => h('option', { value: v, selected: v === state.village }, v)));
  }
  const footer = document.getElementById('footer');
  footer.textContent = [`版本 ${api.AppVersion}`, state.persisted === false ? '本机存储未设为持久，建议把本应用添加到主屏幕' : ''].filter(Boolean).join(' · ');
  fillList();
}


// 预警回访: the person is on a weather warning's revisit list while the warning lasts (the phone drops it at the end by itself).
function revisitTag(t) {
  if (!t.revisitWarning || (t.revisitUntil && Date.parse(t.revisitUntil) <= Date.now())) return null;
  return h('span', { class: 'tag warning', title: t.revisitWarning }, `预警回访 · ${t.revisitWarning}`);
}

function fillList() {
  const list = document.getElementById('tasks');
  if (!list) return;
  clear(list);
  const q = state.query.trim();
  const shown = state.tasks.filter((t) => (!state.village || t.villageName === state.village)
    && (!q || [t.name, t.address, t.household].some((v) => v && v.includes(q))));
  for (const t of shown) {
    list.append(h('li', {},
      h('button', { type: 'button', class: `task${t.visited ? ' visited' : ''}`, 'data-target': t.targetId, onclick: () => { location.hash = `#/t/${encodeURIComponent(t.targetId)}`; } },
        h('div', {}, h('span', { class: 'name' }, t.name),
          t.pastCritical ? h('span', { class: 'tag critical' }, '曾有重大隐患') : null,
          revisitTag(t),
          t.visited ? h('span', { class: 'tag done' }, '✓ 已走访') : null,
          t.queued ? h('span', { class: 'tag queued' }, '待发送') : null,
          state.drafts?.has(t.targetId) ? h('span', { class: 'tag draft' }, '草稿') : null),
        h('div', { class: 'line' }, [t.villageName, categoriesText(t.categories)].filter(Boolean).join(' · ')),
        t.address ? h('div', { class: 'line' }, t.address) : null,
        t.plannedDate ? h('div', { class: 'line' }, `计划走访：${formatDate(t.plannedDate)}`) : null)));
  }
  if (!shown.length) {
    let text = '暂无分配给您的走访任务。';
    if (state.tasks.length) text = '没有符合条件的对象。';
    else if (scheduler.status().busy) text = '正在下载任务…';
    list.append(h('li', { class: 'muted' }, text));
  }
}

/** Pulling the list down from its top syncs, as the 立即发送 button does. */
function listenForPull() {
  let startY = null;
  let pulled = false;
  window.addEventListener('touchstart', (e) => {
    startY = window.scrollY === 0 && document.getElementById('tasks') ? e.touches[0].clientY : null;
    pulled = false;
  }, { passive: true });
  window.addEventListener('touchmove', (e) => {
    if (startY === null) return;
    pulled = e.touches[0].clientY - startY > 90;
    const hint = document.getElementById('pull');
    if (hint) hint.hidden = !pulled;
  }, { passive: true });
  window.addEventListener('touchend', () => {
    const hint = document.getElementById('pull');
    if (hint) hint.hidden = true;
    if (startY !== null && pulled) sendNow();
    startY = null;
  });
}

// ---------- household form ----------

let current = null; // { draft, template, task, save }

function newDraft(task, template) {
  const header = {};
  for (const f of template.definition.header) header[f.key] = '';
  Object.assign(header, {
    placeName: task.name || '',
    address: task.address || '',
    contactName: task.guardianName || task.name || '',
    contactPhone: task.guardianPhone || task.phone || '',
  });
  return {
    targetId: task.targetId,
    // The registry version the header was filled from: the server tells a change made since apart (409).
    targetVersion: task.targetVersion ?? null,
    // What the form shows of the person, should the task leave the list before the draft is submitted.
    task: { name: task.name, villageName: task.villageName, categories: task.categories, phone: task.phone, guardianPhone: task.guardianPhone, pastCritical: task.pastCritical },
    visitId: crypto.randomUUID(),
    templateId: template.id,
    startedAt: new Date().toISOString(),
    outcome: 'Visited',
    outcomeReason: '',
    header,
    answers: {},
    otherHazards: [],
    tasks: '',
    leafletsHandedOut: '',
    peopleReached: '',
    signerName: task.name || '',
    signaturePng: null,
    photos: [],
    geo: null,
  };
}

async function openForm(targetId) {
  const task = await db.getTask(targetId);
  let draft = await db.getDraft(targetId);
  if (!task && !draft) return showError('任务中没有此对象，请返回任务列表同步后再试。');
  let template;
  try {
    template = draft ? await sync.template(draft.templateId) : await sync.currentTemplate('household');
  } catch (e) {
    return showError(`本机没有这份排查清单，请联网后再试：${e.message}`);
  }
  if (!template) return showError('本机还没有排查清单，请联网后点“立即发送”同步。');
  if (!draft) {
    draft = newDraft(task, template);
    await db.putDraft(draft);
  }
  // A submitted draft is done: a save still waiting must not bring it back.
  const save = debounce(() => {
    if (draft.done) return null;
    summarize();
    return db.putDraft(draft);
  }, 400);
  current = { draft, template, task: task || { ...draft.task, targetId }, save, visits: await db.visitsOf(targetId) };
  renderForm();
  locate();
}

function locate() {
  const { draft } = current;
  const show = () => {
    const el = document.getElementById('geo');
    if (el) el.textContent = draft.geo ? `已定位，精度约 ${Math.round(draft.geo.accuracy)} 米` : '未获取定位';
  };
  show();
  if (!navigator.geolocation) return;
  navigator.geolocation.getCurrentPosition((p) => {
    if (current?.draft !== draft) return;
    draft.geo = { latitude: p.coords.latitude, longitude: p.coords.longitude, accuracy: p.coords.accuracy };
    current.save();
    show();
  }, show, { enableHighAccuracy: true, timeout: 20000, maximumAge: 60000 });
}

function segmented(value, options, onPick, label) {
  const seg = h('div', { class: 'seg', role: 'group', 'aria-label': label });
  for (const [v, text] of options) {
    seg.append(h('button', { type: 'button', 'data-value': v, 'aria-pressed': String(value === v), onclick: () => onPick(v) }, text));
  }
  return seg;
}

function checkbox(checked, text, onChange, cls) {
  return h('label', { class: `check ${cls || ''}` },
    h('input', { type: 'checkbox', checked, onchange: (e) => onChange(e.target.checked) }), text);
}

function renderItem(item) {
  const { draft } = current;
  const a = draft.answers[item.code];
  const isHazard = !!(a && item.hazardIf && a.answer === item.hazardIf);
  const critical = item.severity === 'Critical';
  const el = h('div', {
    class: `item${item.hazardIf ? '' : ' fact'}${isHazard ? ' hazard' : ''}${isHazard && critical ? ' critical' : ''}`,
    id: `item-${item.code}`, 'data-code': item.code,
  },
  h('div', { class: 'text' }, h('span', { class: 'code' }, item.code), item.text,
    item.hazardIf && item.severity !== 'Medium' ? h('span', { class: `sev ${critical ? 'critical' : ''}` }, `【${SeverityNames[item.severity]}】`) : null),
  segmented(a?.answer ?? null, [['Yes', '是'], ['No', '否']], (v) => {
    const prev = draft.answers[item.code] || { fixedOnSpot: false, note: '' };
    draft.answers[item.code] = { ...prev, answer: v };
    current.save();
    el.replaceWith(renderItem(item));
    clear(document.getElementById('form-message'));
  }, item.text));
  if (isHazard) {
    el.append(h('div', { class: 'extra' },
      item.hint ? h('div', { class: 'hint' }, item.hint) : null,
      checkbox(!!a.fixedOnSpot, '现场已整改', (v) => { a.fixedOnSpot = v; current.save(); }, 'fixed'),
      h('label', {}, '情况说明'),
      h('input', { type: 'text', class: 'note', value: a.note || '', placeholder: '隐患情况、整改措施', oninput: (e) => { a.note = e.target.value; current.save(); } }),
      photoButton('拍照留证', item.code)));
  }
  return el;
}

function photoButton(text, itemCode) {
  return h('label', { class: 'button filebtn' }, text,
    h('input', { type: 'file', accept: 'image/*', capture: 'environment', multiple: true, 'data-item': itemCode || '', onchange: (e) => addPhotos(e.target, itemCode) }));
}

async function addPhotos(input, itemCode) {
  const { draft } = current;
  const errors = [];
  for (const file of [...input.files]) {
    try {
      const blob = await shrink(file);
      draft.photos.push({ id: crypto.randomUUID(), itemCode: itemCode || null, blob, size: blob.size });
    } catch (e) {
      errors.push(`${file.name}：${e.message}`);
    }
  }
  input.value = '';
  await db.putDraft(draft);
  renderThumbs();
  const box = document.getElementById('photo-errors');
  clear(box);
  if (errors.length) box.append(h('div', { class: 'alert error', role: 'alert' }, ...errors.map((t) => h('div', {}, t))));
}

function renderThumbs() {
  const { draft } = current;
  const thumbs = clear(document.getElementById('thumbs'));
  for (const p of draft.photos) {
    const url = URL.createObjectURL(p.blob);
    thumbs.append(h('div', { class: 'thumb' },
      h('img', { src: url, alt: '照片', onload: () => URL.revokeObjectURL(url) }),
      p.itemCode ? h('span', { class: 'item-code' }, p.itemCode) : null,
      h('button', { type: 'button', onclick: async () => { draft.photos = draft.photos.filter((x) => x !== p); await db.putDraft(draft); renderThumbs(); } }, '删除')));
  }
  document.getElementById('photo-count').textContent = draft.photos.length ? `已添加 ${draft.photos.length} 张` : '';
}

function headerField(f) {
  const { draft } = current;
  const id = `h-${f.key}`;
  const onInput = (e) => { draft.header[f.key] = e.target.value; e.target.classList.remove('missing'); current.save(); };
  const required = f.required ? 'true' : null;
  let input;
  if (f.type === 'choice') {
    input = h('select', { id, name: f.key, 'aria-required': required, onchange: onInput }, h('option', { value: '' }, '请选择'),
      ...(f.options || []).map((o) => h('option', { value: o, selected: draft.header[f.key] === o }, o)));
  } else {
    const type = f.type === 'phone' ? 'tel' : 'text';
    input = h('input', { id, name: f.key, type, value: draft.header[f.key] ?? '', inputmode: f.type === 'number' ? 'numeric' : null, 'aria-required': required, oninput: onInput });
  }
  return h('div', {}, h('label', { for: id }, f.label, f.required ? h('span', { class: 'req', title: '必填' }, ' *') : null), input);
}

function otherLine(line, index) {
  const { draft } = current;
  return h('div', { class: 'line' },
    h('input', { type: 'text', class: 'other-text', value: line.text, placeholder: `其它隐患 ${index + 1}`, 'aria-label': `其它隐患 ${index + 1}`, oninput: (e) => { line.text = e.target.value; current.save(); } }),
    h('div', { class: 'row' },
      checkbox(!!line.fixedOnSpot, '现场已整改', (v) => { line.fixedOnSpot = v; current.save(); }, 'fixed'),
      h('button', { type: 'button', class: 'link', onclick: () => { draft.otherHazards.splice(index, 1); current.save(); renderOthers(); } }, '删除此条')));
}

function renderOthers() {
  const box = clear(document.getElementById('others'));
  current.draft.otherHazards.forEach((line, i) => box.append(otherLine(line, i)));
}

function numberField(id, label, key) {
  const { draft } = current;
  return h('div', {}, h('label', { for: id }, label),
    h('input', { id, type: 'number', min: '0', inputmode: 'numeric', value: draft[key], oninput: (e) => { draft[key] = e.target.value; current.save(); } }));
}

function renderForm() {
  const { draft, template, task } = current;
  const def = template.definition;
  const visitedOnly = [];
  const only = (el) => { visitedOnly.push(el); return el; };

  const reasonLabel = h('label', { for: 'reason' });
  const reason = h('textarea', { id: 'reason', oninput: (e) => { draft.outcomeReason = e.target.value; current.save(); } });
  reason.value = draft.outcomeReason;
  const reasonBox = h('div', { class: 'card', id: 'reason-box' }, reasonLabel, reason);

  const applyOutcome = () => {
    const visited = draft.outcome === 'Visited';
    for (const el of visitedOnly) el.hidden = !visited;
    reasonBox.hidden = visited;
    reasonLabel.textContent = draft.outcome === 'Other' ? '原因（必填）' : '情况说明';
    for (const b of outcomes.querySelectorAll('button')) b.setAttribute('aria-pressed', String(b.dataset.value === draft.outcome));
  };
  const outcomes = h('div', { class: 'outcomes', role: 'group', 'aria-label': '走访结果' },
    ...Outcomes.map(([v, text]) => h('button', { type: 'button', 'data-value': v, onclick: () => { draft.outcome = v; current.save(); applyOutcome(); summarize(); } }, text)));

  const sections = def.sections.map((s) => only(h('section', {}, h('h2', {}, s.title), ...s.items.map(renderItem))));

  const canvas = h('canvas', { class: 'sig', id: 'signature' });
  const signer = h('input', { id: 'signer', type: 'text', value: draft.signerName, oninput: (e) => { draft.signerName = e.target.value; current.save(); } });

  const message = h('div', { id: 'form-message' });
  const submit = h('button', { type: 'button', class: 'primary wide', id: 'submit' }, '提交');
  submit.addEventListener('click', () => submitForm(submit));

  mount(view, 
    h('p', {}, h('a', { href: '#/' }, '‹ 返回任务列表')),
    h('h1', {}, task.name, task.pastCritical ? h('span', { class: 'tag critical' }, '曾有重大隐患') : null, revisitTag(task)),
    h('p', { class: 'muted small' }, [task.villageName, categoriesText(task.categories)].filter(Boolean).join(' · '),
      task.phone ? [' · ', h('a', { href: `tel:${task.phone}` }, task.phone)] : null,
      task.guardianPhone ? [' · 监护人 ', h('a', { href: `tel:${task.guardianPhone}` }, task.guardianPhone)] : null),
    recentVisits(current.visits),
    h('div', { class: 'card' }, h('label', {}, '走访结果'), outcomes,
      h('p', { class: 'muted small' }, h('span', { id: 'geo' }, '正在定位…'), ` · 开始于 ${chinaClock.format(new Date(draft.startedAt))}`)),
    reasonBox,
    only(h('details', { class: 'card', id: 'header-card', open: true }, h('summary', {}, def.title || '基本情况'),
      def.header.some((f) => f.required) ? h('p', { class: 'muted small' }, h('span', { class: 'req' }, '*'), ' 为必填项') : null,
      ...def.header.map(headerField))),
    ...sections,
    def.otherHazards ? only(h('section', {}, h('h2', {}, '其它隐患'), h('div', { class: 'lines', id: 'others' }),
      h('button', { type: 'button', id: 'add-other', onclick: () => { draft.otherHazards.push({ text: '', fixedOnSpot: false, note: '' }); current.save(); renderOthers(); } }, '＋ 添加一条'))) : null,
    def.tasks ? only(h('section', {}, h('h2', {}, '现场交办整改事项'),
      h('textarea', { id: 'tasks-text', oninput: (e) => { draft.tasks = e.target.value; current.save(); } }, draft.tasks))) : null,
    only(h('section', {}, h('h2', {}, '政策宣传'), h('div', { class: 'filters' },
      numberField('leaflets', '发放宣传资料(份)', 'leafletsHandedOut'), numberField('reached', '宣传覆盖人数', 'peopleReached')))),
    h('section', {}, h('h2', {}, '照片'), h('div', { class: 'row' }, photoButton('拍照 / 选择照片', null), h('span', { id: 'photo-count', class: 'muted small' })),
      h('div', { id: 'photo-errors' }), h('div', { class: 'thumbs', id: 'thumbs' })),
    def.signature ? only(h('section', {}, h('h2', {}, '被走访人签字'),
      h('label', { for: 'signer' }, '签字人'), signer,
      h('p', { class: 'muted small' }, '请在下框内签字'), canvas,
      h('button', { type: 'button', id: 'sig-clear', onclick: () => current.signature.clear() }, '清除签字'))) : null,
    h('div', { class: 'submit-bar' }, h('div', { id: 'summary', class: 'small muted' }), message, submit));

  renderOthers();
  renderThumbs();
  applyOutcome();
  summarize();
  if (def.signature) {
    current.signature = createSignature(canvas, draft.signaturePng, (png) => { draft.signaturePng = png; current.save(); current.save.flush(); });
  }
}

/** 最近走访：12月1日 入户走访、11月20日 无人在家 (the last three the phone knows of). */
function recentVisits(visits) {
  if (!visits?.length) return null;
  const last = [...visits].sort((a, b) => String(b.finishedAt).localeCompare(String(a.finishedAt))).slice(0, 3);
  return h('p', { class: 'muted small', id: 'recent' }, `最近走访：${last.map((v) => `${formatDate(v.finishedAt)} ${OutcomeNames[v.outcome] || v.outcome}`).join('、')}`);
}

/** 已答 N/M 项 · 发现隐患 K 处（现场已整改 F 处）, under the submit button. */
function summarize() {
  const el = document.getElementById('summary');
  if (!el || !current) return;
  const { draft, template } = current;
  if (draft.outcome !== 'Visited') {
    el.textContent = '';
    return;
  }
  const items = template.definition.sections.flatMap((s) => s.items);
  const answered = items.filter((i) => draft.answers[i.code]?.answer).length;
  const found = items.filter((i) => i.hazardIf && draft.answers[i.code]?.answer === i.hazardIf).map((i) => draft.answers[i.code])
    .concat(draft.otherHazards.filter((l) => l.text.trim()));
  const fixed = found.filter((a) => a.fixedOnSpot).length;
  el.textContent = `已答 ${answered}/${items.length} 项 · 发现隐患 ${found.length} 处${fixed ? `（现场已整改 ${fixed} 处）` : ''}`;
}

/** What keeps the form from being sent: { el to scroll to, lines of the message }, or null. */
function validate() {
  const { draft, template } = current;
  const def = template.definition;
  for (const el of view.querySelectorAll('.missing')) el.classList.remove('missing');
  if (draft.outcome === 'Other' && !draft.outcomeReason.trim()) {
    return { el: document.getElementById('reason-box'), lines: ['请填写原因。'] };
  }
  if (draft.outcome !== 'Visited') return null;
  const lines = [];
  let first = null;
  // The header comes first on the screen, so it is named (and scrolled to) first.
  const fields = def.header.filter((f) => f.required && !String(draft.header[f.key] ?? '').trim());
  if (fields.length) {
    document.getElementById('header-card').open = true;
    for (const f of fields) document.getElementById(`h-${f.key}`).classList.add('missing');
    first = document.getElementById(`h-${fields[0].key}`);
    lines.push(`表头必填项未填写：${fields.map((f) => f.label).join('、')}。`);
  }
  const missing = def.sections.flatMap((s) => s.items).filter((i) => i.hazardIf && !draft.answers[i.code]?.answer);
  if (missing.length) {
    for (const i of missing) document.getElementById(`item-${i.code}`).classList.add('missing');
    first ??= document.getElementById(`item-${missing[0].code}`);
    lines.push(`还有 ${missing.length} 项未回答（已标红）${missing.length <= 5 ? `：${missing.map((i) => i.code).join('、')}` : ''}。`);
  }
  return lines.length ? { el: first, lines } : null;
}

const toCount = (v) => Math.max(0, parseInt(v, 10) || 0);

function buildVisit() {
  const { draft, template } = current;
  const visited = draft.outcome === 'Visited';
  const codes = new Set(template.definition.sections.flatMap((s) => s.items.map((i) => i.code)));
  const header = {};
  for (const [k, v] of Object.entries(draft.header)) if (String(v ?? '').trim()) header[k] = String(v).trim();
  return {
    id: draft.visitId,
    kind: 'Household',
    targetId: draft.targetId,
    templateId: draft.templateId,
    outcome: draft.outcome,
    outcomeReason: draft.outcomeReason.trim() || null,
    startedAt: draft.startedAt,
    finishedAt: draft.finishedAt,
    latitude: draft.geo?.latitude ?? null,
    longitude: draft.geo?.longitude ?? null,
    accuracyMeters: draft.geo?.accuracy ?? null,
    header,
    answers: visited ? Object.entries(draft.answers).filter(([code, a]) => codes.has(code) && a.answer)
      .map(([code, a]) => ({ code, answer: a.answer, fixedOnSpot: !!a.fixedOnSpot, note: a.note?.trim() || null })) : [],
    otherHazards: visited ? draft.otherHazards.filter((l) => l.text.trim())
      .map((l) => ({ text: l.text.trim(), fixedOnSpot: !!l.fixedOnSpot, note: l.note?.trim() || null })) : [],
    tasks: visited ? draft.tasks.trim() || null : null,
    signaturePng: visited ? draft.signaturePng : null,
    signerName: visited ? draft.signerName.trim() || null : null,
    leafletsHandedOut: visited ? toCount(draft.leafletsHandedOut) : 0,
    peopleReached: visited ? toCount(draft.peopleReached) : 0,
    isSelfCheck: false,
    appVersion: api.AppVersion,
    targetVersion: draft.targetVersion ?? null,
  };
}

/**
 * Submitting stores the visit on the phone (the outbox) and closes the form at once; the scheduler sends it in
 * the background, now if there is a network, later if not. A refusal shows on the list with 返回修改.
 */
async function submitForm(button) {
  const { draft } = current;
  const message = clear(document.getElementById('form-message'));
  const problem = validate();
  if (problem) {
    message.append(h('div', { class: 'alert error', role: 'alert' }, ...problem.lines.map((t) => h('div', {}, t))));
    problem.el?.scrollIntoView({ behavior: 'smooth', block: 'center' });
    return;
  }
  button.disabled = true;
  button.textContent = '正在保存…';
  try {
    await current.save.flush();
    // Fixed at the first submit, so that a resend has the same content (the server's idempotency check).
    if (!draft.finishedAt) draft.finishedAt = new Date().toISOString();
    const visit = buildVisit();
    const photos = draft.photos.filter((p) => !(visit.outcome !== 'Visited' && p.itemCode));
    draft.done = true;
    await outbox.enqueue(visit, photos, draft);
  } catch (e) {
    draft.done = false;
    message.append(h('div', { class: 'alert error', role: 'alert' }, `无法保存到本机：${e.message}`));
    button.disabled = false;
    button.textContent = '提交';
    return;
  }
  const name = draft.header.placeName || '';
  if (!navigator.onLine) state.flash = { kind: 'warn', text: `已保存在本机：${name}。没有网络，联网后自动发送。` };
  else if (scheduler.status().auth === 'signed-out') state.flash = { kind: 'warn', text: `已保存在本机：${name}。登录已过期，请重新登录后发送。` };
  else state.flash = { kind: 'ok', text: `已保存：${name}，正在发送…`, sending: true };
  current = null;
  location.hash = '#/';
  scheduler.announce();
  scheduler.run({ byHand: true });
}

start();
