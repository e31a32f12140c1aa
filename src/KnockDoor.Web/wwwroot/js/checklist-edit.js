// Checklist editor: add, remove and reorder item rows; names are renumbered before submit so the
// server binds a list without gaps.
(() => {
  const rows = document.getElementById('item-rows');
  const form = document.getElementById('template-form');
  if (!rows || !form) return;

  rows.addEventListener('click', (e) => {
    const button = e.target.closest('button');
    if (!button) return;
    const row = button.closest('.item-row');
    if (button.hasAttribute('data-remove')) {
      row.remove();
    } else if (button.dataset.move === '-1' && row.previousElementSibling) {
      rows.insertBefore(row, row.previousElementSibling);
    } else if (button.dataset.move === '1' && row.nextElementSibling) {
      rows.insertBefore(row.nextElementSibling, row);
    }
  });

  document.getElementById('add-item').addEventListener('click', () => {
    const last = rows.querySelector('.item-row:last-of-type');
    if (!last) return;
    const copy = last.cloneNode(true);
    copy.querySelectorAll('input, textarea').forEach((el) => {
      if (!el.name.endsWith('.Section')) el.value = '';
    });
    copy.querySelector('select[name$=".HazardIf"]').value = 'Yes';
    copy.querySelector('select[name$=".Severity"]').value = 'Medium';
    rows.appendChild(copy);
    copy.querySelector('input[name$=".Code"]').focus();
  });

  form.addEventListener('submit', () => {
    rows.querySelectorAll('.item-row').forEach((row, i) => {
      row.querySelectorAll('[name^="Items["]').forEach((el) => {
        el.name = el.name.replace(/^Items\[\d+\]/, `Items[${i}]`);
      });
    });
  });
})();
