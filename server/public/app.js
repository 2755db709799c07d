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

  /** A character as completions compare it: without case or accents (one character stays one). */
  const fold = (character) => character.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  /** Whether `text` has `part` at `at`, case and accents aside. */
  const hasAt = (text, part, at) =>
    part.length > 0 && [...part].every((character, i) => fold(text[at + i] ?? '') === fold(character));

  /**
   * The option's text with what was typed marked: the words before the completion, as typed, and the
   * start of the completed word(s) the last typed words match (`Robert <mark>Lighth</mark>izer`).
   */
  const optionText = (item, typed) => {
    const text = item.text;
    const start = text.length - item.completion.length;
    const marked = [];
    const head = text.slice(0, start).trimEnd();
    if (hasAt(text, typed, 0)) {
      marked.push([0, typed.length]);
    } else {
      const tail = typed.slice(head.length).trimStart();
      if (head.length > 0 && hasAt(text, head, 0)) marked.push([0, head.length]);
      for (let at = start; at < text.length; at += 1) {
        if ((at === start || text[at - 1] === ' ') && hasAt(text, tail, at)) {
          marked.push([at, at + tail.length]);
          break;
        }
      }
    }
    const span = document.createElement('span');
    let done = 0;
    for (const [from, to] of marked) {
      span.append(text.slice(done, from));
      const mark = document.createElement('mark');
      mark.textContent = text.slice(from, to);
      span.append(mark);
      done = to;
    }
    span.append(text.slice(done));
    return span;
  };

  const show = (items, typed) => {
    suggestions = items;
    active = -1;
    list.replaceChildren(
      ...items.map((item, i) => {
        const option = document.createElement('li');
        option.id = `q-option-${i}`;
        option.className = 'suggestion';
        option.setAttribute('role', 'option');
        option.setAttribute('aria-selected', 'false');
        const text = optionText(item, typed);
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
      if (box.value === typed && document.activeElement === box) show(body.suggestions, typed);
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

// Lede: instant results. On the results page the results follow the search box as you type: the page
// for what is typed is fetched (the same page a search would load, so nothing renders twice) and its
// results replace these, with the address kept in step. The first change of a round of typing adds a
// history entry and the rest replace it, so Back returns to the results before the typing. A screen
// reader hears the new count. Without JavaScript the box searches when the form is sent, as ever.
(() => {
  const box = document.getElementById('q');
  const form = box?.closest('form');
  const main = document.getElementById('main');
  if (!document.body.classList.contains('page-search')) return;
  if (!(box instanceof HTMLInputElement) || !(form instanceof HTMLFormElement) || !main) return;

  const DELAY_MS = 250;
  const announcer = document.createElement('p');
  announcer.className = 'visually-hidden';
  announcer.setAttribute('aria-live', 'polite');
  document.body.append(announcer);

  let timer = 0;
  let controller = null;
  /** The address whose results are shown (path and query string). */
  let shown = location.pathname + location.search;
  /** Whether this round of typing has its history entry yet. */
  let pushed = false;

  /** The address the form would load for `query`. */
  const addressOf = (query) => {
    const parameters = new URLSearchParams(new FormData(form));
    parameters.set('q', query);
    return `${new URL(form.action).pathname}?${parameters}`;
  };

  const feedLink = (root) => root.querySelector('link[rel="alternate"][type="application/atom+xml"]');

  /** Puts the fetched page's results, title and feed link in place of these. */
  const render = (html) => {
    const page = new DOMParser().parseFromString(html, 'text/html');
    const next = page.getElementById('main');
    if (!next) return false;
    // The announcer speaks for the swapped-in status line, so it is not a live region of its own.
    next.querySelector('[role="status"]')?.removeAttribute('role');
    main.replaceChildren(...next.childNodes);
    document.title = page.title;
    const feed = feedLink(document);
    const nextFeed = feedLink(page);
    if (feed && nextFeed) feed.href = nextFeed.getAttribute('href') ?? '';
    else if (nextFeed) document.head.append(nextFeed);
    else feed?.remove();
    const status = main.querySelector('.status, .no-results, .alert h1');
    announcer.textContent = (status?.textContent ?? '')
      .replace(/\s+/g, ' ')
      .replace(/ · [\d.,]+ ms$/, '')
      .trim();
    return true;
  };

  /**
   * Fetches the results for `address` and shows them if `wanted()` still says so when they come:
   * `shown`, `failed` (an error page or no answer) or `dropped` (superseded, or no longer wanted).
   */
  const load = async (address, wanted) => {
    controller?.abort();
    const own = new AbortController();
    controller = own;
    try {
      const response = await fetch(address, { signal: own.signal, headers: { accept: 'text/html' } });
      const html = await response.text();
      if (own.signal.aborted || !wanted()) return 'dropped';
      // A query that cannot run yet (`-`, a lone quote) keeps the results shown until it can.
      if (!response.ok) return 'failed';
      return render(html) ? 'shown' : 'failed';
    } catch {
      return own.signal.aborted ? 'dropped' : 'failed';
    }
  };

  const follow = async (query) => {
    const address = addressOf(query);
    if (address === shown) return;
    if ((await load(address, () => box.value === query)) !== 'shown') return;
    if (pushed) history.replaceState({ lede: 'results' }, '', address);
    else history.pushState({ lede: 'results' }, '', address);
    pushed = true;
    shown = address;
  };

  box.addEventListener('input', () => {
    window.clearTimeout(timer);
    const query = box.value;
    if (query.trim() === '') return;
    timer = window.setTimeout(() => follow(query), DELAY_MS);
  });
  // Leaving the box ends a round of typing: the next starts a new history entry.
  box.addEventListener('change', () => {
    pushed = false;
  });

  window.addEventListener('popstate', async () => {
    const address = location.pathname + location.search;
    // A jump within the page (`#refine`) changes no results.
    if (address === shown) return;
    window.clearTimeout(timer);
    pushed = false;
    shown = address;
    box.value = new URLSearchParams(location.search).get('q') ?? '';
    const outcome = await load(address, () => location.pathname + location.search === address);
    if (outcome === 'failed') location.reload();
  });
})();
