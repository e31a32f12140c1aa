// 入户计划: per-village figures, the target list with checkboxes, bulk assignment and reassignment.
// Everything goes through /api/v1/plan, which applies the caller's scope.
(() => {
  const form = document.getElementById('plan-filter');
  if (!form) return;
  const $ = (id) => document.getElementById(id);
  const api = '/api/v1/plan';
  const state = { page: 1, pageSize: 50, total: 0 };
  const outcome = $('plan-message');

  const cell = (text) => {
    const td = document.createElement('td');
    td.textContent = text ?? '';
    return td;
  };
  const say = (kind, text) => {
    const div = document.createElement('div');
    div.className = `alert ${kind}`;
    div.textContent = text;
    outcome.replaceChildren(div);
  };
  const getJson = async (url) => {
    const r = await fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
    const data = await r.json().catch(() => null);
    if (!r.ok) throw new Error(data?.title || `请求失败（${r.status}）`);
    return data;
  };

  const filter = () => {
    const f = new FormData(form);
    return {
      orgUnit: f.get('orgUnit') || null,
      category: f.get('category') || null,
      workerId: f.get('workerId') || null,
      onlyUnassigned: !f.get('workerId') && f.get('show') === 'unassigned' ? true : null,
    };
  };

  let chart = null;
  async function loadSummary() {
    const s = await getJson(`${api}/summary`);
    $('plan-campaign').textContent = s.campaignName ?? '尚无行动';
    const body = document.querySelector('#plan-summary tbody');
    body.replaceChildren(...s.units.map((u) => {
      const tr = document.createElement('tr');
      tr.append(cell(u.townshipName), cell(u.name), cell(u.targets), cell(u.assigned), cell(u.unassigned));
      return tr;
    }));
    const foot = document.querySelector('#plan-summary tfoot');
    const tr = document.createElement('tr');
    tr.append(cell('合计'), cell(''), cell(s.targets), cell(s.assigned), cell(s.unassigned));
    foot.replaceChildren(tr);
    const select = $('plan-unit');
    const current = select.value;
    select.replaceChildren(new Option('全部', ''), ...s.units.map((u) => new Option(`${u.townshipName ?? ''} ${u.name}`.trim(), u.orgUnitCode)));
    select.value = current;
    if (window.echarts) {
      chart ??= window.echarts.init($('plan-chart'));
      chart.setOption({
        tooltip: { trigger: 'axis' },
        legend: { data: ['已分配', '未分配'] },
        grid: { left: 10, right: 10, top: 40, bottom: 10, containLabel: true },
        xAxis: { type: 'category', data: s.units.map((u) => u.name), axisLabel: { interval: 0, rotate: s.units.length > 5 ? 45 : 0,
          formatter: (n) => (n.length > 6 ? `${n.slice(0, 6)}…` : n) } },
        yAxis: { type: 'value', minInterval: 1 },
        series: [
          { name: '已分配', type: 'bar', stack: 'all', data: s.units.map((u) => u.assigned), itemStyle: { color: '#2e7d32' } },
          { name: '未分配', type: 'bar', stack: 'all', data: s.units.map((u) => u.unassigned), itemStyle: { color: '#b3261e' } },
        ],
      });
    }
  }

  async function loadWorkers() {
    const workers = await getJson(`${api}/workers`);
    const label = (w) => `${w.displayName}（${w.orgUnitName ?? ''}，已分配 ${w.assigned} 人）`;
    const from = $('plan-from');
    const chosen = from.value;
    from.replaceChildren(new Option('(不限)', ''), ...workers.map((w) => new Option(label(w), w.id)));
    from.value = chosen;
    const to = $('plan-worker');
    const target = to.value;
    to.replaceChildren(...workers.map((w) => new Option(label(w), w.id)));
    if (target) to.value = target;
  }

  async function loadTargets() {
    const f = filter();
    const q = new URLSearchParams({ page: state.page, pageSize: state.pageSize });
    if (f.orgUnit) q.set('orgUnit', f.orgUnit);
    if (f.category) q.set('category', f.category);
    if (f.workerId) q.set('workerId', f.workerId);
    else if (f.onlyUnassigned) q.set('assigned', 'false');
    const page = await getJson(`${api}/targets?${q}`);
    state.total = page.total;
    const body = document.querySelector('#plan-targets tbody');
    body.replaceChildren(...page.items.map((t) => {
      const tr = document.createElement('tr');
      const box = document.createElement('input');
      box.type = 'checkbox';
      box.value = t.targetId;
      box.setAttribute('aria-label', `选择 ${t.name}`);
      const check = document.createElement('td');
      check.append(box);
      const action = document.createElement('td');
      if (t.workerId) {
        const b = document.createElement('button');
        b.type = 'button';
        b.className = 'link';
        b.textContent = '取消分配';
        b.addEventListener('click', () => unassign(t.targetId));
        action.append(b);
      }
      tr.append(check, cell(t.name), cell(t.villageName), cell(t.categories), cell(t.idNumberMasked), cell(t.workerName ?? '未分配'),
        cell(t.plannedDate), action);
      return tr;
    }));
    $('plan-check-all').checked = false;
    const pages = Math.max(1, Math.ceil(page.total / state.pageSize));
    $('plan-page').textContent = `第 ${state.page} / ${pages} 页，共 ${page.total} 人`;
    $('plan-prev').disabled = state.page <= 1;
    $('plan-next').disabled = state.page >= pages;
  }

  async function assign(body, confirmText) {
    const workerId = $('plan-worker').value;
    if (!workerId) { say('error', '请先选择入户人员'); return; }
    if (confirmText && !window.confirm(confirmText)) return;
    const r = await fetch(`${api}/assign`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ ...body, workerId, plannedDate: $('plan-date').value || null }),
    });
    const data = await r.json().catch(() => null);
    if (!r.ok) { say('error', data?.title || `分配失败（${r.status}）`); return; }
    say('ok', `已分配 ${data.assigned} 人，改派 ${data.reassigned} 人${data.unchanged ? `，${data.unchanged} 人原本就是该安排` : ''}。`);
    await refresh();
  }

  async function unassign(targetId) {
    const r = await fetch(`${api}/assignments/${targetId}`, { method: 'DELETE', credentials: 'same-origin', headers: { Accept: 'application/json' } });
    if (!r.ok) { const d = await r.json().catch(() => null); say('error', d?.title || `取消失败（${r.status}）`); return; }
    say('ok', '已取消分配');
    await refresh();
  }

  async function refresh() {
    try {
      await Promise.all([loadSummary(), loadWorkers()]);
      await loadTargets();
    } catch (e) {
      say('error', e.message);
    }
  }

  form.addEventListener('submit', (e) => { e.preventDefault(); state.page = 1; loadTargets().catch((err) => say('error', err.message)); });
  $('plan-prev').addEventListener('click', () => { state.page -= 1; loadTargets().catch((err) => say('error', err.message)); });
  $('plan-next').addEventListener('click', () => { state.page += 1; loadTargets().catch((err) => say('error', err.message)); });
  $('plan-check-all').addEventListener('change', (e) => {
    document.querySelectorAll('#plan-targets tbody input[type=checkbox]').forEach((b) => { b.checked = e.target.checked; });
  });
  $('plan-assign-selected').addEventListener('click', () => {
    const ids = [...document.querySelectorAll('#plan-targets tbody input[type=checkbox]:checked')].map((b) => b.value);
    if (ids.length === 0) { say('error', '请先勾选服务对象'); return; }
    assign({ targetIds: ids }).catch((err) => say('error', err.message));
  });
  $('plan-assign-all').addEventListener('click', () => {
    assign({ filter: filter() }, `把全部 ${state.total} 人分配给所选入户人员？`).catch((err) => say('error', err.message));
  });
  window.addEventListener('resize', () => chart?.resize());
  refresh();
})();
