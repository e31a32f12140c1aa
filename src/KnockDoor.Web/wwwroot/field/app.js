// The phone form for field workers: the task list, the household checklist, the outbox.
import * as api from './api.js';
import * as db from './db.js';
import * as outbox from './outbox.js';
import { shrink } from './photos.js';
import { h, clear, mount, debounce, formatDate } from './dom.js';
import { createSignature } from './signature.js';

const AppVersion = 'field-1';
const LoginUrl = '/Account/Login?ReturnUrl=%2Ffield%2F';
const Outcomes = [
  ['Visited', '入户走访'],
  ['NobodyHome', '无人在家'],
  ['Refused', '拒绝入户'],
  ['MovedAway', '已搬离'],
  ['Deceased', '已去世'],
  ['Other', '其他'],
];
const SeverityNames = { Medium: '一般', High: '较大', Critical: '重大' };

const view = document.getElementById('view');
const state = { me: null, tasks: [], flash: null, village: '', query: '' };

// ---------- start, sign-in ----------

async function start() {
  try {
    state.me = await api.me();
    await db.putCached('me', state.me);
  } catch (e) {
    if (e instanceof api.ApiError && e.status === 401) return showSignIn();
    state.me = await db.getCached('me');
    if (!state.me) return showError('无法连接服务器，请检查网络后刷新。');
  }
  if (!state.me.permissions.includes('VisitsSubmit')) {
    renderWho();
    mount(view, h('div', { class: 'alert warn' }, '此账号没有入户走访权限。'), h('p', {}, h('a', { href: '/' }, '返回办公首页')));
    return;
  }
  renderWho();
  document.getElementById('outbox-send').addEventListener('click', () => sendOutbox(true));
  window.addEventListener('hashchange', route);
  window.addEventListener('online', () => sendOutbox(false));
  await route();
  sendOutbox(false);
}

function showSignIn() {
  mount(view, 
    h('div', { class: 'card' },
      h('h1', {}, '请先登录'),
      h('p', {}, '使用本人账号登录后即可查看走访任务、填写入户排查清单。'),
      h('a', { class: 'button primary wide', href: LoginUrl, id: 'sign-in' }, '登录')));
}

function showError(message) {
  mount(view, h('div', { class: 'alert error', role: 'alert' }, message));
}

async function renderWho() {
  const who = clear(document.getElementById('who'));
  const unit = h('span', { class: 'unit' });
  who.append(h('span', { class: 'me' }, state.me.displayName), unit,
    h('button', { type: 'button', class: 'link', onclick: doSignOut }, '退出'));
  let units = await db.getCached('units');
  try {
    units = await fetch('/api/v1/org-units', { credentials: 'same-origin' }).then((r) => (r.ok ? r.json() : units));
    await db.putCached('units', units);
  } catch { /* offline: the cached names */ }
  const own = (units || []).find((u) => u.code === state.me.orgUnitCode);
  unit.textContent = own ? own.name : '';
}

async function doSignOut() {
  const waiting = await outbox.pending();
  if (waiting.length && !confirm(`还有 ${waiting.length} 条走访记录未发送，退出后仍保存在本机，确定退出？`)) return;
  try { await api.signOut(); } catch { /* the login page follows anyway */ }
  location.href = LoginUrl;
}

// ---------- outbox banner ----------

async function refreshOutbox() {
  const items = await outbox.pending();
  const bar = document.getElementById('outbox');
  bar.hidden = items.length === 0;
  const conflicts = items.filter((i) => i.error?.status === 409).length;
  const waiting = items.length - conflicts;
  document.getElementById('outbox-text').textContent = [waiting ? `待发送 ${waiting} 条` : '', conflicts ? `编号冲突 ${conflicts} 条（已保留在本机）` : ''].filter(Boolean).join('，');
  document.getElementById('outbox-send').hidden = waiting === 0;
  return items;
}

async function sendOutbox(byHand) {
  if (!byHand && !(await outbox.pending()).some((i) => !i.error)) return;
  const button = document.getElementById('outbox-send');
  button.disabled = true;
  try {
    await outbox.flush();
  } catch (e) {
    if (e instanceof api.ApiError && e.status === 401) return showSignIn();
  } finally {
    button.disabled = false;
  }
  const left = await refreshOutbox();
  if (byHand && left.length) state.flash = { kind: 'warn', text: `仍有 ${left.length} 条未发送：${left.some((i) => i.error) ? '服务器拒收，见下方说明' : '网络未连通，稍后再试'}` };
  if (!location.hash.startsWith('#/t/')) await renderList(false);
}

// ---------- routing ----------

async function route() {
  const m = location.hash.match(/^#\/t\/(.+)$/);
  await refreshOutbox();
  window.scrollTo(0, 0);
  if (m) return openForm(decodeURIComponent(m[1]));
  return renderList(true);
}

// ---------- task list ----------

const byVisitThenVillage = (a, b) =>
  (a.visited - b.visited) || (a.villageName || '').localeCompare(b.villageName || '', 'zh') || a.name.localeCompare(b.name, 'zh');

async function loadTasks() {
  try {
    state.tasks = await api.myTasks();
    await db.putCached('tasks', state.tasks);
  } catch (e) {
    if (e instanceof api.ApiError && e.status === 401) throw e;
    state.tasks = (await db.getCached('tasks')) || [];
    if (!state.tasks.length) state.flash = { kind: 'error', text: `无法获取任务：${e.message}` };
  }
  state.tasks.sort(byVisitThenVillage);
}

const categoriesText = (c) => (Array.isArray(c) ? c.join('、') : c || '');

async function renderList(reload) {
  if (reload) {
    try {
      await loadTasks();
    } catch {
      return showSignIn();
    }
  }
  const drafts = new Set(await db.draftKeys());
  const waiting = await outbox.pending();
  const villages = [...new Set(state.tasks.map((t) => t.villageName).filter(Boolean))].sort((a, b) => a.localeCompare(b, 'zh'));
  const visited = state.tasks.filter((t) => t.visited).length;

  const list = h('ul', { class: 'tasks', id: 'tasks' });
  const fill = () => {
    clear(list);
    const q = state.query.trim();
    const shown = state.tasks.filter((t) => (!state.village || t.villageName === state.village)
      && (!q || [t.name, t.address, t.household].some((v) => v && v.includes(q))));
    for (const t of shown) {
      list.append(h('li', {},
        h('button', { type: 'button', class: `task${t.visited ? ' visited' : ''}`, 'data-target': t.targetId, onclick: () => { location.hash = `#/t/${encodeURIComponent(t.targetId)}`; } },
          h('div', {}, h('span', { class: 'name' }, t.name),
            t.pastCritical ? h('span', { class: 'tag critical' }, '曾有重大隐患') : null,
            t.visited ? h('span', { class: 'tag done' }, '✓ 已走访') : null,
            drafts.has(t.targetId) ? h('span', { class: 'tag draft' }, '草稿') : null),
          h('div', { class: 'line' }, [t.villageName, categoriesText(t.categories)].filter(Boolean).join(' · ')),
          t.address ? h('div', { class: 'line' }, t.address) : null,
          t.plannedDate ? h('div', { class: 'line' }, `计划走访：${formatDate(t.plannedDate)}`) : null)));
    }
    if (!shown.length) list.append(h('li', { class: 'muted' }, state.tasks.length ? '没有符合条件的对象。' : '暂无分配给您的走访任务。'));
  };
  const villageSelect = h('select', { 'aria-label': '按村筛选', onchange: (e) => { state.village = e.target.value; fill(); } },
    h('option', { value: '' }, '全部村（社区）'), ...villages.map((v) => h('option', { value: v, selected: v === state.village }, v)));
  const search = h('input', { type: 'search', placeholder: '姓名 / 地址', value: state.query, 'aria-label': '搜索', oninput: (e) => { state.query = e.target.value; fill(); } });

  const refused = waiting.filter((i) => i.error);
  mount(view, 
    state.flash ? h('div', { class: `alert ${state.flash.kind}`, role: 'status' }, state.flash.text) : null,
    ...refused.map((i) => h('div', { class: 'alert error', role: 'alert' },
      `${i.visit.header?.placeName || ''}：${i.error.message}（记录已保留在本机）`)),
    h('h1', {}, '我的任务'),
    h('p', { class: 'muted small' }, `共 ${state.tasks.length} 户，已走访 ${visited} 户`),
    h('div', { class: 'filters' }, villageSelect, search),
    list);
  state.flash = null;
  fill();
}

// ---------- household form ----------

let current = null; // { draft, template, task, save }

async function loadTemplate(id) {
  const key = id ? `template:${id}` : 'template:household';
  try {
    const t = id ? await api.template(id) : await api.currentTemplate('household');
    await db.putCached(key, t);
    await db.putCached(`template:${t.id}`, t);
    return t;
  } catch (e) {
    const cached = await db.getCached(key);
    if (cached) return cached;
    throw e;
  }
}

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
  if (!state.tasks.length) {
    try { await loadTasks(); } catch { return showSignIn(); }
  }
  const task = state.tasks.find((t) => t.targetId === targetId);
  if (!task) return showError('任务中没有此对象，请返回任务列表刷新。');
  let draft = await db.getDraft(targetId);
  let template;
  try {
    template = await loadTemplate(draft ? draft.templateId : null);
  } catch (e) {
    return showError(`无法获取排查清单：${e.message}`);
  }
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
  window.addEventListener('pagehide', save.flush);
  document.addEventListener('visibilitychange', save.flush);
  current = { draft, template, task, save };
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
    h('h1', {}, task.name, task.pastCritical ? h('span', { class: 'tag critical' }, '曾有重大隐患') : null),
    h('p', { class: 'muted small' }, [task.villageName, categoriesText(task.categories)].filter(Boolean).join(' · '),
      task.phone ? [' · ', h('a', { href: `tel:${task.phone}` }, task.phone)] : null,
      task.guardianPhone ? [' · 监护人 ', h('a', { href: `tel:${task.guardianPhone}` }, task.guardianPhone)] : null),
    h('div', { class: 'card' }, h('label', {}, '走访结果'), outcomes,
      h('p', { class: 'muted small' }, h('span', { id: 'geo' }, '正在定位…'), ` · 开始于 ${new Date(draft.startedAt).toLocaleTimeString('zh-CN', { hour: '2-digit', minute: '2-digit' })}`)),
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
    appVersion: AppVersion,
  };
}

async function submitForm(button) {
  const { draft } = current;
  const message = clear(document.getElementById('form-message'));
  const problem = validate();
  if (problem) {
    message.append(h('div', { class: 'alert error', role: 'alert' }, ...problem.lines.map((t) => h('div', {}, t))));
    problem.el?.scrollIntoView({ behavior: 'smooth', block: 'center' });
    return;
  }
  current.save.flush();
  button.disabled = true;
  button.textContent = '正在提交…';
  try {
    if (!draft.finishedAt) draft.finishedAt = new Date().toISOString();
    await db.putDraft(draft);
    const visit = buildVisit();
    const photos = draft.photos.filter((p) => !(visit.outcome !== 'Visited' && p.itemCode));
    await outbox.enqueue(visit, photos);
    const result = await outbox.send(visit.id);
    if (result === 'refused') {
      const item = await db.getOutboxItem(visit.id);
      const text = item?.error?.message || '服务器拒收';
      if (item?.error?.status === 409) {
        // The server holds other content under this id: the record stays in the outbox for the office to compare.
        draft.done = true;
        await db.deleteDraft(draft.targetId);
        state.flash = { kind: 'error', text: `${text}（记录已保留在本机待发送列表中）` };
        location.hash = '#/';
        return;
      }
      // Nothing was stored by the server: the record leaves the outbox and the form stays to be corrected.
      await db.deleteOutboxItem(visit.id);
      delete draft.finishedAt;
      await db.putDraft(draft);
      message.append(h('div', { class: 'alert error', role: 'alert' }, text));
      return;
    }
    draft.done = true;
    await db.deleteDraft(draft.targetId);
    const task = state.tasks.find((t) => t.targetId === draft.targetId);
    if (task && visit.outcome === 'Visited') task.visited = true;
    state.flash = result === 'sent'
      ? { kind: 'ok', text: `已提交：${visit.header.placeName || ''}` }
      : { kind: 'warn', text: '网络未连通，记录已保存在本机，恢复网络后点“立即发送”。' };
    current = null;
    location.hash = '#/';
  } catch (e) {
    if (e instanceof api.ApiError && e.status === 401) {
      message.append(h('div', { class: 'alert error', role: 'alert' }, '登录已过期，记录已保存在本机。', h('a', { href: LoginUrl }, '重新登录')));
    } else {
      message.append(h('div', { class: 'alert error', role: 'alert' }, `提交失败：${e.message}`));
    }
  } finally {
    button.disabled = false;
    button.textContent = '提交';
  }
}

start();
