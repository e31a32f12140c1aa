// 隐患动态清零: bars of hazards found and closed per day, a line of those pending at the day's end, and one
// line per child unit. The page's tables carry the same numbers (for screen readers and without script).
(() => {
  const source = document.getElementById('trend-data');
  if (!source || !window.echarts) return;
  const data = JSON.parse(source.textContent);
  const charts = [];
  // A long campaign shows its last six weeks first; the slider below (or a pinch) reaches back to the start.
  const Window = 42;
  const zoom = data.days.length > Window
    ? [{ type: 'inside', startValue: data.days.length - Window, endValue: data.days.length - 1 },
      { type: 'slider', startValue: data.days.length - Window, endValue: data.days.length - 1, height: 18, bottom: 4 }]
    : [];
  const bottom = zoom.length ? 34 : 10;
  const el = document.getElementById('trend-chart');
  if (el && data.days.length > 0) {
    const chart = window.echarts.init(el);
    chart.setOption({
      tooltip: { trigger: 'axis' },
      legend: { data: ['发现', '销号', '未销号'], top: 0 },
      grid: { left: 10, right: 10, top: 36, bottom, containLabel: true },
      dataZoom: zoom,
      xAxis: { type: 'category', data: data.days },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        { name: '发现', type: 'bar', data: data.found, itemStyle: { color: '#e8a29d' } },
        { name: '销号', type: 'bar', data: data.closed, itemStyle: { color: '#7cb98a' } },
        { name: '未销号', type: 'line', data: data.pending, itemStyle: { color: '#b3261e' }, lineStyle: { width: 3 }, symbolSize: 5 },
      ],
    });
    charts.push(chart);
  }
  const unitsEl = document.getElementById('trend-units-chart');
  if (unitsEl && data.units.length > 0 && data.days.length > 0) {
    const chart = window.echarts.init(unitsEl);
    chart.setOption({
      tooltip: { trigger: 'axis' },
      legend: { type: 'scroll', top: 0 },
      grid: { left: 10, right: 10, top: 36, bottom, containLabel: true },
      dataZoom: zoom,
      xAxis: { type: 'category', data: data.days },
      yAxis: { type: 'value', minInterval: 1, name: '未销号' },
      series: data.units.map((u) => ({ name: u.name, type: 'line', data: u.pending, showSymbol: false })),
    });
    charts.push(chart);
  }
  window.addEventListener('resize', () => charts.forEach((c) => c.resize()));
})();
