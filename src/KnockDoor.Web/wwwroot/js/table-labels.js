// Phone layout of tables filled by script: each cell of a table.responsive gets its column's heading as
// data-label (the CSS shows it before the value on narrow screens). Cells that already have one keep it.
(() => {
  const label = (table) => {
    const heads = [...table.querySelectorAll('thead th')].map((th) => th.textContent.trim());
    table.querySelectorAll('tbody tr, tfoot tr').forEach((tr) => {
      [...tr.children].forEach((td, i) => {
        if (td.tagName === 'TD' && !td.hasAttribute('data-label') && heads[i]) td.setAttribute('data-label', heads[i]);
      });
    });
  };
  document.querySelectorAll('table.responsive').forEach((table) => {
    label(table);
    new MutationObserver(() => label(table)).observe(table, { childList: true, subtree: true });
  });
})();
