// 覆盖率: the coverage table and chart of a unit and its children (click a unit to drill down), and the
// not-yet-visited list. Figures come from /api/v1/coverage, which applies the caller's scope.
(() => {
  const table = document.getElementById('cov-table');
  if (!table) return;
  const $ = (id) => document.getElementById(id);
  const outcomes = { NobodyHome: '无人在家', Refused: '拒绝', MovedAway: '已迁出', Deceased: '已去世', Other: '其他' };
  const state = { unit: '', parent: null, page: 1, pageSize: 50 };
  let chart = null;

  const cell = (text) => {
    const td = document.createElement('td');
    td.textContent = text ?? '';
    return td;
  };
  const getJson = async (url) => {
    const r = await fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
    const data = await r.json().catch(() => null);
    if (!r.ok) throw new Error(data?.title || `请求失败（${r.status}）`);
    return data;
  };
  const query = (extra) => {
    const q = new URLSearchParams(extra);
    if (state.unit) q.set('orgUnit', state.unit);
    const category = $('cov-category').value;
    if (category) q.set('category', category);
    return q;
  };
  const row = (r, drill) => {
    const tr = document.createElement('tr');
    const name = document.createElement('td');
    if (drill) {
      const a = document.createElement('a');
      a.href = '#';
      a.textContent = r.name;
      a.addEventListener('click', (e) => { e.preventDefault(); go(r.code); });
      name.append(a);
    } else {
      name.textContent = r.name;
    }
    const n = r.nonContact;
    tr.append(name, cell(r.targets), cell(r.visited), cell(`${r.coverage.toFixed(1)}%`), cell(n.nobodyHome), cell(n.refused),
      cell(n.movedAway), cell(n.deceased), cell(n.other));
    return tr;
  };

  async function loadReport() {
    const report = await getJson(`/api/v1/coverage?${query({})}`);
    state.parent = report.parentCode;
    $('cov-unit').textContent = `${report.name}${report.campaignName ? ` · ${report.campaignName}` : ''}`;
    $('cov-up').hidden = !report.parentCode;
    const leaf = report.units.length === 1 && report.units[0].code === report.code;
    table.querySelector('tbody').replaceChildren(...report.units.map((u) => row(u, !leaf && u.code !== report.code)));
    table.querySelector('tfoot').replaceChildren(row(report.total, false));
    if (window.echarts) {
      chart ??= window.echarts.init($('cov-chart'));
      chart.setOption({
        title: { text: '覆盖率(%)', left: 'center', textStyle: { fontSize: 14 } },
        tooltip: { trigger: 'axis' },
        grid: { left: 10, right: 10, top: 40, bottom: 10, containLabel: true },
        xAxis: { type: 'category', data: report.units.map((u) => u.name), axisLabel: { interval: 0, rotate: report.units.length > 5 ? 45 : 0,
          formatter: (n) => (n.length > 6 ? `${n.slice(0, 6)}…` : n) } },
        yAxis: { type: 'value', max: 100 },
        series: [{ type: 'bar', data: report.units.map((u) => u.coverage), itemStyle: { color: '#b3261e' }, label: { show: true, position: 'top' } }],
      });
      chart.off('click');
      if (!leaf) chart.on('click', (p) => { const u = report.units[p.dataIndex]; if (u && u.code !== report.code) go(u.code); });
    }
  }

  async function loadUnvisited() {
    const page = await getJson(`/api/v1/coverage/unvisited?${query({ page: state.page, pageSize: state.pageSize })}`);
    $('cov-unvisited-total').textContent = `共 ${page.total} 人`;
    document.querySelector('#cov-unvisited tbody').replaceChildren(...page.items.map((t) => {
      const tr = document.createElement('tr');
      tr.append(cell(t.name), cell(t.villageName), cell(t.categories), cell(t.idNumberMasked), cell(t.phoneMasked),
        cell(t.workerName ?? '未分配'), cell(t.lastOutcome ? outcomes[t.lastOutcome] ?? t.lastOutcome : '未走访'));
      return tr;
    }));
    const pages = Math.max(1, Math.ceil(page.total / state.pageSize));
    $('cov-page').textContent = `第 ${state.page} / ${pages} 页`;
    $('cov-prev').disabled = state.page <= 1;
    $('cov-next').disabled = state.page >= pages;
  }

  const fail = (e) => {
    const div = document.createElement('div');
    div.className = 'alert error';
    div.textContent = e.message;
    table.parentElement.before(div);
  };
  const load = () => Promise.all([loadReport(), loadUnvisited()]).catch(fail);
  function go(code) {
    state.unit = code;
    state.page = 1;
    load();
  }

  $('cov-category').addEventListener('change', () => { state.page = 1; load(); });
  $('cov-filter').addEventListener('submit', (e) => e.preventDefault());
  $('cov-up').addEventListener('click', () => { if (state.parent) go(state.parent); });
  $('cov-prev').addEventListener('click', () => { state.page -= 1; loadUnvisited().catch(fail); });
  $('cov-next').addEventListener('click', () => { state.page += 1; loadUnvisited().catch(fail); });
  window.addEventListener('resize', () => chart?.resize());
  load();
})();
