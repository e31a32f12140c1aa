// Bar chart of active targets per unit; the table below it carries the same numbers for screen readers.
(() => {
  const el = document.getElementById('breakdown-chart');
  const source = document.getElementById('breakdown-data');
  if (!el || !source || !window.echarts) return;
  const data = JSON.parse(source.textContent);
  const chart = window.echarts.init(el);
  chart.setOption({
    title: { text: '在册服务对象人数', left: 'center', textStyle: { fontSize: 14 } },
    tooltip: { trigger: 'axis' },
    grid: { left: 10, right: 10, top: 40, bottom: 10, containLabel: true },
    xAxis: { type: 'category', data: data.names, axisLabel: {
      interval: 0,
      rotate: data.names.length > 5 ? 45 : 0,
      // Long institution names would push the bars off a phone screen; the table has the full names.
      formatter: (name) => (name.length > 6 ? `${name.slice(0, 6)}…` : name),
    } },
    yAxis: { type: 'value', minInterval: 1 },
    series: [{ type: 'bar', data: data.totals, itemStyle: { color: '#b3261e' }, label: { show: true, position: 'top' } }],
  });
  window.addEventListener('resize', () => chart.resize());
})();
