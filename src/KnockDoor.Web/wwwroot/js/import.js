// The registry import page: check the file (mode=validate), then import all or only the valid rows.
// XMLHttpRequest rather than fetch because only it reports upload progress, which matters on a slow line.
'use strict';

(() => {
  const api = '/api/v1/targets/import';
  const pollMs = 700;
  const shownErrors = 200;
  const $ = (id) => document.getElementById(id);
  const els = {
    file: $('import-file'), check: $('import-check'), progress: $('import-progress'), bar: $('import-bar'),
    status: $('import-status'), alert: $('import-alert'), result: $('import-result'), resultTitle: $('import-result-title'),
    total: $('import-total'), valid: $('import-valid'), bad: $('import-bad'), report: $('import-report'),
    reportLink: $('import-report-link'), errorsWrap: $('import-errors-wrap'), errors: $('import-errors'),
    errorsMore: $('import-errors-more'), all: $('import-all'), validOnly: $('import-valid-only'), hint: $('import-hint'),
    done: $('import-done'), doneText: $('import-done-text'),
  };
  let checked = null; // the last check's result, for the totals shown while importing
  let busy = false;

  const fmt = (n) => Number(n || 0).toLocaleString('zh-CN');

  // crypto.randomUUID needs a secure context; county intranets often serve plain http.
  function newId() {
    if (window.crypto && crypto.randomUUID && window.isSecureContext) {
      return crypto.randomUUID();
    }
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }

  function setBusy(value) {
    busy = value;
    els.check.disabled = value || !els.file.files.length;
    els.all.disabled = value;
    els.validOnly.disabled = value;
    els.file.disabled = value;
  }

  function showProgress(text, percent) {
    els.progress.hidden = false;
    els.status.textContent = text;
    if (percent === null || percent === undefined) {
      els.bar.removeAttribute('value'); // indeterminate: the total is not known yet
    } else {
      els.bar.value = Math.max(0, Math.min(100, percent));
    }
  }

  function showAlert(text) {
    els.alert.textContent = text;
    els.alert.hidden = !text;
  }

  function phaseText(p, mode) {
    const total = checked ? checked.totalRows : 0;
    const valid = checked ? (mode === 'valid-only' ? checked.validRows : checked.totalRows) : 0;
    switch (p.phase) {
      case 'reading': return ['正在打开文件…', null];
      case 'validating': return [`已检查 ${fmt(p.processedRows)} 行` + (total ? ` / ${fmt(total)}` : ''), total ? (p.processedRows * 100) / total : null];
      case 'storing': return [`正在保存：${fmt(p.processedRows)}` + (valid ? ` / ${fmt(valid)}` : '') + ' 行', valid ? (p.processedRows * 100) / valid : null];
      default: return ['正在完成…', 100];
    }
  }

  // Polls the server's progress while it works on the uploaded file; a 404 only means it has not started yet.
  function poll(importId, mode) {
    let stopped = false;
    const tick = async () => {
      if (stopped) return;
      try {
        const r = await fetch(`${api}/${importId}/progress`, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
        if (r.ok && !stopped) {
          const [text, percent] = phaseText(await r.json(), mode);
          showProgress(text, percent);
        }
      } catch {
        // a missed poll is harmless; the next one or the response itself brings the state
      }
      if (!stopped) setTimeout(tick, pollMs);
    };
    setTimeout(tick, pollMs);
    return () => { stopped = true; };
  }

  function send(mode) {
    return new Promise((resolve) => {
      const importId = newId();
      const form = new FormData();
      form.append('file', els.file.files[0]);
      form.append('mode', mode);
      form.append('importId', importId);
      const xhr = new XMLHttpRequest();
      let stop = () => {};
      xhr.open('POST', api);
      xhr.setRequestHeader('Accept', 'application/json');
      xhr.upload.onprogress = (e) => {
        if (e.lengthComputable) {
          const pct = Math.round((e.loaded * 100) / e.total);
          showProgress(`正在上传 ${pct}%`, pct);
        }
      };
      xhr.upload.onload = () => {
        showProgress(mode === 'validate' ? '上传完成，正在检查…' : '上传完成，正在导入…', null);
        stop = poll(importId, mode);
      };
      xhr.onload = () => {
        stop();
        let body = null;
        try { body = JSON.parse(xhr.responseText); } catch { body = null; }
        resolve({ status: xhr.status, body });
      };
      xhr.onerror = () => { stop(); resolve({ status: 0, body: null }); };
      xhr.ontimeout = xhr.onerror;
      xhr.send(form);
    });
  }

  function problemText(res) {
    if (res.status === 0) return '网络连接中断，请检查网络后重试。';
    if (res.status === 401) return '登录已过期，请刷新页面重新登录。';
    if (res.status === 403) return '您没有导入名册的权限。';
    if (res.status === 413) return '文件过大，请拆成几个文件分别导入。';
    return (res.body && (res.body.detail || res.body.title)) || `服务器出错（${res.status}），请稍后重试。`;
  }

  function cell(label, text) {
    const td = document.createElement('td');
    td.dataset.label = label;
    td.textContent = text;
    return td;
  }

  function showResult(r, title) {
    checked = r;
    els.result.hidden = false;
    els.resultTitle.textContent = title;
    els.total.textContent = fmt(r.totalRows);
    els.valid.textContent = fmt(r.validRows);
    els.bad.textContent = fmt(r.errorRows);
    els.errors.replaceChildren();
    const errors = r.errors || [];
    for (const e of errors.slice(0, shownErrors)) {
      const tr = document.createElement('tr');
      tr.append(cell('行号', `第 ${e.row} 行`), cell('列', e.column), cell('问题', e.message));
      els.errors.append(tr);
    }
    els.errorsWrap.hidden = errors.length === 0;
    const count = r.errorCount || errors.length;
    els.errorsMore.textContent = count > Math.min(errors.length, shownErrors)
      ? `共 ${fmt(count)} 个问题，这里只列出前 ${fmt(Math.min(errors.length, shownErrors))} 个；全部问题见错误报告。` : '';
    els.report.hidden = !r.errorReportUrl;
    if (r.errorReportUrl) els.reportLink.href = r.errorReportUrl;
    els.all.hidden = !(r.errorRows === 0 && r.validRows > 0);
    els.validOnly.hidden = !(r.errorRows > 0 && r.validRows > 0);
    els.validOnly.textContent = `仅导入正确的 ${fmt(r.validRows)} 行`;
    els.hint.textContent = r.totalRows === 0 ? '文件中没有数据行。'
      : r.validRows === 0 ? '没有可以导入的行，请按错误报告修改后重新检查。'
      : r.errorRows > 0 ? '也可以先改正错误的行再重新检查，然后全部导入。' : '检查通过，可以导入。';
  }

  async function check() {
    if (busy || !els.file.files.length) return;
    setBusy(true);
    showAlert('');
    els.result.hidden = true;
    els.done.hidden = true;
    checked = null;
    const res = await send('validate');
    setBusy(false);
    els.progress.hidden = true;
    if (res.status === 200 && res.body) {
      showResult(res.body, '3. 检查结果');
    } else {
      showAlert(problemText(res));
    }
  }

  async function importRows(mode) {
    if (busy || !els.file.files.length) return;
    setBusy(true);
    showAlert('');
    const res = await send(mode);
    setBusy(false);
    els.progress.hidden = true;
    if (res.status === 200 && res.body) {
      els.result.hidden = true;
      els.done.hidden = false;
      const skipped = res.body.errorRows ? `，跳过有错误的 ${fmt(res.body.errorRows)} 行` : '';
      els.doneText.textContent = `导入完成：已导入 ${fmt(res.body.imported)} 人${skipped}。`;
      els.file.value = '';
      els.check.disabled = true;
    } else if (res.status === 422 && res.body && res.body.errors) {
      showResult(res.body, '3. 检查结果（文件有错误，未导入）');
      showAlert(problemText(res));
    } else {
      showAlert(problemText(res));
    }
  }

  els.file.addEventListener('change', () => {
    els.result.hidden = true;
    els.done.hidden = true;
    showAlert('');
    checked = null;
    els.check.disabled = busy || !els.file.files.length;
  });
  els.check.addEventListener('click', check);
  els.all.addEventListener('click', () => importRows('all'));
  els.validOnly.addEventListener('click', () => importRows('valid-only'));
})();
