'use strict';
// A small markdown renderer for card details that builds DOM nodes and never parses HTML: whatever a card says,
// tags included, ends up as text. It knows what CDS Hooks cards use: paragraphs, "-"/"*"/"1." lists, **bold**,
// *italic*, `code` and [links](https://...). Links other than http(s) are shown as text.
(function () {
  function inline(text, parent) {
    const pattern = /\*\*([^*]+)\*\*|\*([^*]+)\*|`([^`]+)`|\[([^\]]+)\]\(([^)\s]+)\)/g;
    let last = 0;
    let match;
    while ((match = pattern.exec(text)) !== null) {
      if (match.index > last) parent.appendChild(document.createTextNode(text.slice(last, match.index)));
      if (match[1] !== undefined) {
        const strong = document.createElement('strong');
        inline(match[1], strong);
        parent.appendChild(strong);
      } else if (match[2] !== undefined) {
        const em = document.createElement('em');
        inline(match[2], em);
        parent.appendChild(em);
      } else if (match[3] !== undefined) {
        const code = document.createElement('code');
        code.textContent = match[3];
        parent.appendChild(code);
      } else if (/^https?:\/\//i.test(match[5])) {
        const a = document.createElement('a');
        a.href = match[5];
        a.target = '_blank';
        a.rel = 'noopener noreferrer';
        a.textContent = match[4];
        parent.appendChild(a);
      } else {
        parent.appendChild(document.createTextNode(match[0]));
      }
      last = pattern.lastIndex;
    }
    if (last < text.length) parent.appendChild(document.createTextNode(text.slice(last)));
  }

  function render(markdown) {
    const root = document.createElement('div');
    root.className = 'markdown';
    const blocks = String(markdown || '').replace(/\r\n?/g, '\n').split(/\n\s*\n/);
    for (const block of blocks) {
      const lines = block.split('\n').filter(l => l.trim() !== '');
      if (lines.length === 0) continue;
      const bullet = /^\s*[-*+]\s+/;
      const numbered = /^\s*\d+[.)]\s+/;
      if (lines.every(l => bullet.test(l)) || lines.every(l => numbered.test(l))) {
        const ordered = numbered.test(lines[0]);
        const list = document.createElement(ordered ? 'ol' : 'ul');
        for (const line of lines) {
          const li = document.createElement('li');
          inline(line.replace(ordered ? numbered : bullet, ''), li);
          list.appendChild(li);
        }
        root.appendChild(list);
      } else {
        const p = document.createElement('p');
        lines.forEach((line, i) => {
          if (i > 0) p.appendChild(document.createElement('br'));
          inline(line, p);
        });
        root.appendChild(p);
      }
    }
    return root;
  }

  window.SafeMarkdown = { render };
})();
