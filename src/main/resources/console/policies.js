'use strict';
// The policies page: GET /api/policies shown as text. Policy wording is written by analysts and could hold markup;
// it is only ever set with textContent, and only http(s) URLs become links.
(function () {
  const $ = id => document.getElementById(id);

  function el(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }

  function link(url, text) {
    if (!/^https?:\/\//i.test(url || '')) return el('span', text);
    const a = el('a', text);
    a.href = url;
    a.target = '_blank';
    a.rel = 'noopener noreferrer';
    return a;
  }

  function facts(policy) {
    const dl = el('dl', null, 'policy-facts');
    const add = (term, value, className) => {
      if (value === undefined || value === null || value === '') return;
      dl.appendChild(el('dt', term));
      dl.appendChild(el('dd', value, className));
    };
    add('Version', policy.version, 'policy-version');
    add('Status', policy.status);
    add('Publisher', policy.publisher);
    add('Approved', policy.approvalDate);
    add('Last reviewed', policy.lastReviewDate);
    // A policy with no effective period gets no row rather than a bare "onwards".
    const start = policy.effectiveStart;
    const end = policy.effectiveEnd;
    add('Effective', start && end ? start + ' to ' + end : start ? start + ' onwards' : end ? 'until ' + end : '');
    add('Canonical URL', policy.url);
    return dl;
  }

  function artifactList(heading, artifacts, className) {
    const section = el('section', null, className);
    section.appendChild(el('h3', heading + ' (' + artifacts.length + ')'));
    if (artifacts.length === 0) {
      section.appendChild(el('p', 'None', 'empty'));
      return section;
    }
    const ul = el('ul', null, 'links');
    artifacts.forEach(a => {
      const li = el('li');
      li.dataset.type = a.type || '';
      const label = a.label && a.display && !a.display.startsWith(a.label) ? a.label + ': ' + a.display
        : (a.display || a.label || a.resource || '');
      li.appendChild(link(a.url, label));
      if (a.citation) li.appendChild(el('p', a.citation, 'citation-text'));
      ul.appendChild(li);
    });
    section.appendChild(ul);
    return section;
  }

  function codes(valueSets) {
    const section = el('section', null, 'policy-codes');
    section.appendChild(el('h3', 'Codes it governs (' + valueSets.length + ' value sets)'));
    valueSets.forEach(vs => {
      const details = el('details');
      details.appendChild(el('summary', (vs.title || vs.url) + ' (' + vs.codes.length + ' codes'
          + (vs.role === 'depends-on' ? '' : ', ' + vs.role + ' only') + ')'));
      const ul = el('ul', null, 'codes');
      vs.codes.forEach(c => {
        const li = el('li');
        li.appendChild(el('code', c.code));
        li.appendChild(document.createTextNode(' ' + (c.display || '') + ' '));
        li.appendChild(el('span', c.system, 'system'));
        ul.appendChild(li);
      });
      details.appendChild(el('p', vs.url + (vs.version ? ' | ' + vs.version : ''), 'system'));
      details.appendChild(ul);
      section.appendChild(details);
    });
    return section;
  }

  function actions(list) {
    const section = el('section', null, 'policy-actions');
    section.appendChild(el('h3', 'Actions (PlanDefinition)'));
    const table = el('table');
    table.appendChild(el('caption', 'What the policy can answer, when, and the configuration codes that turn it off'));
    const head = el('tr');
    ['Action', 'Title (as written)', 'Response type', 'Hooks', 'Applies when (CQL)', 'Switched off by']
      .forEach(c => { const th = el('th', c); th.scope = 'col'; head.appendChild(th); });
    table.appendChild(el('thead')).appendChild(head);
    const body = table.appendChild(el('tbody'));
    list.forEach(a => {
      const tr = el('tr');
      [a.id, a.title, a.responseType, (a.hooks || []).join(', '), a.condition, (a.switches || []).join(', ')]
        .forEach(v => tr.appendChild(el('td', v)));
      body.appendChild(tr);
    });
    const wrap = el('div', null, 'table-wrap');
    wrap.tabIndex = 0;
    wrap.appendChild(table);
    section.appendChild(wrap);
    return section;
  }

  function render(policy) {
    const article = el('article', null, 'policy');
    article.dataset.policy = policy.id;
    article.appendChild(el('h2', policy.title || policy.name || policy.id));
    article.appendChild(facts(policy));
    if (policy.description) article.appendChild(el('p', policy.description, 'policy-description'));
    const artifacts = policy.relatedArtifacts || [];
    const of = (...types) => artifacts.filter(a => types.includes(a.type));
    article.appendChild(artifactList('Policy document', of('documentation').filter(a => !a.resource), 'policy-document'));
    article.appendChild(artifactList('Evidence cited', of('citation'), 'policy-citations'));
    article.appendChild(artifactList('History', of('predecessor', 'successor'), 'policy-history'));
    article.appendChild(codes(policy.valueSets || []));
    article.appendChild(actions(policy.actions || []));
    return article;
  }

  async function start() {
    const response = await fetch('/api/policies', { headers: { Accept: 'application/json' } });
    $('policies-status').textContent = 'GET /api/policies answered ' + response.status;
    if (!response.ok) return;
    const policies = await response.json();
    $('policies').replaceChildren(...policies.map(render));
    $('policies-status').textContent += ': ' + policies.length + (policies.length === 1 ? ' policy' : ' policies');
  }

  document.addEventListener('DOMContentLoaded', () => start()
    .catch(e => { $('policies-status').textContent = 'The policies could not be read: ' + e.message; })
    .finally(() => { document.body.dataset.ready = 'true'; }));
})();
