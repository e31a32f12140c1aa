// Work-group rows: added from a template, removed in place. The server binds an indexed list
// (WorkGroup[0].Name …) that must have no gaps, so every row is renumbered just before submit.
(() => {
  const form = document.getElementById('campaign-form');
  const list = document.getElementById('workgroup');
  const template = document.getElementById('member-template');
  const add = document.getElementById('add-member');
  if (!form || !list || !template || !add) return;

  add.addEventListener('click', () => {
    const row = template.content.firstElementChild.cloneNode(true);
    list.appendChild(row);
    row.querySelector('input')?.focus();
  });

  list.addEventListener('click', (event) => {
    const button = event.target.closest('.remove-member');
    if (button) button.closest('.member')?.remove();
  });

  form.addEventListener('submit', () => {
    list.querySelectorAll('.member').forEach((row, i) => {
      row.querySelectorAll('[data-field]').forEach((input) => {
        input.name = `WorkGroup[${i}].${input.dataset.field}`;
      });
    });
  });
})();
