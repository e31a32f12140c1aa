// 每日报送情况 and 汇总表: the charts (the pages' tables carry the same numbers, for screen readers and without
// script), and the matrix opens on its latest days.
(() => {
  const charts = [];
  const wrap = document.getElementById('matrix-wrap');
  if (wrap) wrap.scrollLeft = wrap.scrollWidth;

  const source = document.getElementById('report-data');
  const el = document.getElementById('report-chart');
  if (source && el && window.echarts) {
    const data = JSON.parse(source.textContent);
    if (data.days.length > 0) {
      const Window = 31;
      const zoom = data.days.length > Window
        ? [{ type: 'inside', startValue: data.days.length - Window, endValue: data.days.length - 1 },
          { type: 'slider', startValue: data.days.length - Window, endValue: data.days.length - 1, height: 18, bottom: 4 }]
        : [];
      const chart = window.echarts.init(el);
      chart.setOption({
        tooltip: { trigger: 'axis' },
        legend: { data: ['按时', '迟报', '未报'], top: 0 },
        grid: { left: 10, right: 10, top: 36, bottom: zoom.length ? 34 : 10, containLabel: true },
        dataZoom: zoom,
        xAxis: { type: 'category', data: data.days },
        yAxis: { type: 'value', minInterval: 1, name: '单位数' },
        series: [
          { name: '按时', type: 'bar', stack: 'units', data: data.onTime, itemStyle: { color: '#3d9a52' } },
          { name: '迟报', type: 'bar', stack: 'units', data: data.late, itemStyle: { color: '#e0a030' } },
          { name: '未报', type: 'bar', stack: 'units', data: data.missing, itemStyle: { color: '#d9534f' } },
        ],
      });
      charts.push(chart);
    }
  }

  const coverageSource = document.getElementById('coverage-data');
  const coverageEl = document.getElementById('coverage-chart');
  if (coverageSource && coverageEl && window.echarts) {
    const data = JSON.parse(coverageSource.textContent);
    if (data.names.length > 0) {
      const chart = window.echarts.init(coverageEl);
      chart.setOption({
        tooltip: { trigger: 'axis', valueFormatter: (v) => `${v}%` },
        grid: { left: 10, right: 30, top: 10, bottom: 10, containLabel: true },
        xAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
        yAxis: { type: 'category', data: data.names, inverse: true },
        series: [{ name: '累计覆盖率', type: 'bar', data: data.coverage, itemStyle: { color: '#b3261e' }, label: { show: true, position: 'right', formatter: '{c}%' } }],
      });
      charts.push(chart);
    }
    const dutiesEl = document.getElementById('duties-chart');
    if (dutiesEl && data.names.length > 0) {
      const chart = window.echarts.init(dutiesEl);
      chart.setOption({
        tooltip: { trigger: 'axis' },
        legend: { top: 0 },
        grid: { left: 10, right: 30, top: 40, bottom: 10, containLabel: true },
        xAxis: { type: 'value', minInterval: 1 },
        yAxis: { type: 'category', data: data.names, inverse: true },
        color: ['#b3261e', '#e08a00', '#2e7d32', '#1565c0'],
        series: data.duties.map((d) => ({ name: d.name, type: 'bar', data: d.values })),
      });
      charts.push(chart);
    }
  }
  window.addEventListener('resize', () => charts.forEach((c) => c.resize()));
})();
