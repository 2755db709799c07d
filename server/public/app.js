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

// Lede: search-as-you-type. The search box becomes an ARIA 1.2 combobox whose list shows completions
// from /api/suggest; arrows move through them, Enter searches the highlighted one, Escape closes the
// list. Without JavaScript the box is a plain search field and the form works the same.
(() => {
  const box = document.getElementById('q');
  const form = box?.closest('form');
  if (!(box instanceof HTMLInputElement) || !(form instanceof HTMLFormElement)) return;

  const list = document.createElement('ul');
  list.id = 'q-suggestions';
  list.className = 'suggestions';
  list.setAttribute('role', 'listbox');
  list.setAttribute('aria-label', 'Suggestions');
  list.hidden = true;
  const status = document.createElement('p');
  status.className = 'visually-hidden';
  status.setAttribute('role', 'status');
  form.append(list, status);

  box.setAttribute('role', 'combobox');
  box.setAttribute('aria-autocomplete', 'list');
  box.setAttribute('aria-expanded', 'false');
  box.setAttribute('aria-controls', list.id);

  /** @type {{ text: string, completion: string, kind: string, count: number }[]} */
  let suggestions = [];
  let active = -1;
  let timer = 0;
  let controller = null;

  const close = () => {
    suggestions = [];
    active = -1;
    list.hidden = true;
    list.replaceChildren();
    box.setAttribute('aria-expanded', 'false');
    box.removeAttribute('aria-activedescendant');
  };

  const highlight = (index) => {
    active = index;
    list.querySelectorAll('[role="option"]').forEach((option, i) => {
      option.setAttribute('aria-selected', String(i === index));
    });
    if (index >= 0) box.setAttribute('aria-activedescendant', `q-option-${index}`);
    else box.removeAttribute('aria-activedescendant');
  };

  const pick = (index) => {
    const suggestion = suggestions[index];
    if (!suggestion) return;
    box.value = suggestion.text;
    close();
    form.requestSubmit();
  };

  const show = (items) => {
    suggestions = items;
    active = -1;
    list.replaceChildren(
      ...items.map((item, i) => {
        const option = document.createElement('li');
        option.id = `q-option-${i}`;
        option.className = 'suggestion';
        option.setAttribute('role', 'option');
        option.setAttribute('aria-selected', 'false');
        const text = document.createElement('span');
        text.textContent = item.text;
        const kind = document.createElement('span');
        kind.className = 'suggestion-kind';
        kind.textContent =
          item.kind === 'phrase' ? 'name' : `${item.count} ${item.count === 1 ? 'article' : 'articles'}`;
        option.append(text, kind);
        // mousedown, not click: a click would first blur the box and close the list.
        option.addEventListener('mousedown', (event) => {
          event.preventDefault();
          pick(i);
        });
        return option;
      }),
    );
    const open = items.length > 0;
    list.hidden = !open;
    box.setAttribute('aria-expanded', String(open));
    box.removeAttribute('aria-activedescendant');
    status.textContent = open
      ? `${items.length} suggestion${items.length === 1 ? '' : 's'}, use the arrow keys`
      : '';
  };

  const ask = async (typed) => {
    controller?.abort();
    controller = new AbortController();
    try {
      const response = await fetch(`/api/suggest?q=${encodeURIComponent(typed)}`, {
        signal: controller.signal,
      });
      if (!response.ok) return close();
      const body = await response.json();
      // Only the answer to what is typed now: a slow earlier answer must not replace a newer one.
      if (box.value === typed && document.activeElement === box) show(body.suggestions);
    } catch (error) {
      if (error.name !== 'AbortError') close();
    }
  };

  // Closing by hand also drops the answer still to come, which would otherwise open the list again.
  const dismiss = () => {
    window.clearTimeout(timer);
    controller?.abort();
    close();
  };

  box.addEventListener('input', () => {
    window.clearTimeout(timer);
    const typed = box.value;
    if (typed.trim() === '' || typed.endsWith(' ')) {
      controller?.abort();
      close();
      return;
    }
    timer = window.setTimeout(() => ask(typed), 80);
  });

  box.addEventListener('keydown', (event) => {
    if (event.isComposing) return;
    const open = !list.hidden && suggestions.length > 0;
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      if (!open) {
        if (box.value.trim() !== '') ask(box.value);
        return;
      }
      highlight(active + 1 >= suggestions.length ? 0 : active + 1);
    } else if (event.key === 'ArrowUp' && open) {
      event.preventDefault();
      highlight(active <= 0 ? suggestions.length - 1 : active - 1);
    } else if (event.key === 'Enter' && open && active >= 0) {
      event.preventDefault();
      pick(active);
    } else if (event.key === 'Escape' && open) {
      event.preventDefault();
      dismiss();
    } else if (event.key === 'Tab') {
      dismiss();
    }
  });

  box.addEventListener('blur', () => dismiss());
})();
