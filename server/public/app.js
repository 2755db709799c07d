// Lede: press "/" anywhere (outside a text field) to jump to the search box.
document.addEventListener('keydown', (event) => {
  if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
  if (event.defaultPrevented) return;
  const target = event.target;
  if (target instanceof HTMLElement) {
    if (target.isContentEditable || target.closest('input, textarea, select, [contenteditable]')) return;
  }
  const box = document.getElementById('q');
  if (!box) return;
  event.preventDefault();
  box.focus();
  box.select();
});
