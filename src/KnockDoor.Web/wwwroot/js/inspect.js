// Institution inspection form: before sending, names what is missing (required header fields, unanswered
// items) in one message instead of the browser's one-field-at-a-time bubbles. Without script the
// browser's own checks and the server's still apply.
(() => {
  const form = document.getElementById('inspect');
  const message = document.getElementById('form-message');
  if (!form || !message) return;
  form.noValidate = true;

  const clearMark = (e) => {
    e.target.classList.remove('missing');
    e.target.closest('.inspect-item')?.classList.remove('missing');
  };
  form.addEventListener('input', clearMark);
  form.addEventListener('change', clearMark);

  form.addEventListener('submit', (e) => {
    form.querySelectorAll('.missing').forEach((el) => el.classList.remove('missing'));
    const lines = [];
    const fields = [...form.querySelectorAll('#header-card input[required]')].filter((el) => !el.value.trim());
    fields.forEach((el) => el.classList.add('missing'));
    if (fields.length) lines.push(`表头必填项未填写：${fields.map((el) => el.dataset.label).join('、')}。`);
    const items = [...form.querySelectorAll('.inspect-item')]
      .filter((item) => item.querySelector('input[type=radio][required]') && !item.querySelector('input[type=radio]:checked'));
    items.forEach((item) => item.classList.add('missing'));
    if (items.length) {
      lines.push(`还有 ${items.length} 项未回答（已标红）${items.length <= 5 ? `：${items.map((i) => i.dataset.code).join('、')}` : ''}。`);
    }
    message.replaceChildren();
    if (!lines.length) return;
    e.preventDefault();
    const alert = document.createElement('div');
    alert.className = 'alert error';
    alert.setAttribute('role', 'alert');
    for (const text of lines) {
      const line = document.createElement('div');
      line.textContent = text;
      alert.append(line);
    }
    message.append(alert);
    message.scrollIntoView({ block: 'start' });
    (fields[0] ?? items[0]?.querySelector('input[type=radio]'))?.focus({ preventScroll: true });
  });
})();
