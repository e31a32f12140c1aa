// Posts the chosen Excel file to the import API and shows the outcome. The API answers 200 {added}
// or a ProblemDetails (422 with errors [{row, column, message}] for bad rows).
(() => {
  const form = document.getElementById('import-form');
  const out = document.getElementById('import-result');
  if (!form || !out) return;

  const alert = (cls, text) => {
    const p = document.createElement('p');
    p.className = `alert ${cls}`;
    p.setAttribute('role', cls === 'error' ? 'alert' : 'status');
    p.textContent = text;
    return p;
  };

  const errorTable = (errors) => {
    const wrap = document.createElement('div');
    wrap.className = 'table-wrap';
    const table = document.createElement('table');
    table.className = 'responsive';
    const head = ['行号', '列', '问题'];
    table.innerHTML = `<thead><tr>${head.map((h) => `<th>${h}</th>`).join('')}</tr></thead>`;
    const body = document.createElement('tbody');
    for (const e of errors) {
      const tr = document.createElement('tr');
      [e.row, e.column, e.message].forEach((v, i) => {
        const td = document.createElement('td');
        td.dataset.label = head[i];
        td.textContent = v ?? '';
        tr.appendChild(td);
      });
      body.appendChild(tr);
    }
    table.appendChild(body);
    wrap.appendChild(table);
    return wrap;
  };

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const button = form.querySelector('button[type=submit]');
    out.replaceChildren(alert('warn', '正在上传并检查，请稍候…'));
    button.disabled = true;
    try {
      const response = await fetch('/api/v1/org-units/villages/import', {
        method: 'POST',
        body: new FormData(form),
        credentials: 'same-origin',
        headers: { Accept: 'application/json' },
      });
      const data = await response.json().catch(() => null);
      if (response.ok) {
        out.replaceChildren(alert('ok', `导入成功：新增 ${data?.added ?? 0} 个村(社区)。`));
        form.reset();
      } else {
        const nodes = [alert('error', data?.title || data?.detail || `导入失败（${response.status}）`)];
        if (Array.isArray(data?.errors) && data.errors.length > 0) nodes.push(errorTable(data.errors));
        out.replaceChildren(...nodes);
      }
    } catch {
      out.replaceChildren(alert('error', '网络错误，未能上传文件，请稍后重试。'));
    } finally {
      button.disabled = false;
    }
  });
})();
