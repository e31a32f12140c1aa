// 每日报送: niceties over a form that works without script. The cumulative of a typed figure follows what is typed
// (the days before + today), and the countdown to the deadline ticks.
(() => {
  document.querySelectorAll('#daily-form tr.typed').forEach((row) => {
    const input = row.querySelector('input[type=number]');
    const out = row.querySelector('output.typed-cum');
    if (!input || !out) return;
    const before = Number(out.dataset.before || 0);
    input.addEventListener('input', () => {
      const today = Number(input.value);
      out.textContent = Number.isFinite(today) && input.value !== '' ? String(before + today) : String(before);
    });
  });
  const status = document.getElementById('daily-status');
  const countdown = document.getElementById('daily-countdown');
  if (status && countdown) {
    // The server's clock decides; the browser's only measures the time since the page came.
    const deadline = Date.parse(status.dataset.deadline);
    const skew = Date.parse(status.dataset.now) - Date.now();
    const tick = () => {
      const left = deadline - (Date.now() + skew);
      if (left <= 0) {
        countdown.textContent = '已过截止时间，现在报送将记为迟报';
        return;
      }
      const minutes = Math.floor(left / 60000);
      countdown.textContent = `距截止还有 ${Math.floor(minutes / 60)} 小时 ${minutes % 60} 分`;
    };
    setInterval(tick, 30000);
  }
})();
