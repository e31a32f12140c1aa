// The tree starts collapsed per township so a phone shows the townships first; a wide screen has room for all of it.
(() => {
  if (!window.matchMedia('(min-width: 641px)').matches) return;
  document.querySelectorAll('details.org').forEach((d) => { d.open = true; });
})();
