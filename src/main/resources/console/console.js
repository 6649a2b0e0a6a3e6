'use strict';
// The console acts as an EHR: it builds CDS Hooks requests from the demo seed and posts them to this service's
// real endpoints. Everything from a response or the seed is put on the page as text (textContent, never
// innerHTML); card details go through SafeMarkdown, which builds DOM nodes only.
(function () {
  const $ = id => document.getElementById(id);
  const COVERAGE_INFORMATION = 'http://hl7.org/fhir/us/davinci-crd/StructureDefinition/ext-coverage-information';
  const INDICATOR_ORDER = { critical: 0, warning: 1, info: 2 };
  const INDICATOR_WORD = { critical: 'Critical', warning: 'Warning', info: 'Info' };
  const INDICATOR_ICON = { critical: '!!', warning: '\u26A0', info: '\u2139' };

  let patients = [];
  let services = [];

  function el(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }

  function codingText(concept) {
    if (!concept) return '';
    if (concept.text) return concept.text;
    const c = (concept.coding || [])[0] || {};
    return [c.code, c.display].filter(Boolean).join(' ');
  }

  async function getJson(url) {
    const response = await fetch(url, { headers: { Accept: 'application/json' } });
    if (!response.ok) throw new Error(url + ' answered ' + response.status);
    return response.json();
  }

  // The seed holds each demo patient's record; one entry per Patient, with what refers to them.
  function readSeed(bundle) {
    const resources = (bundle.entry || []).map(e => e.resource).filter(Boolean);
    const byRef = new Map(resources.map(r => [r.resourceType + '/' + r.id, r]));
    const about = (r, ref) => [r.subject, r.patient, r.beneficiary].some(x => x && x.reference === ref);
    return resources.filter(r => r.resourceType === 'Patient').map(patient => {
      const ref = 'Patient/' + patient.id;
      const of = type => resources.filter(r => r.resourceType === type && about(r, ref));
      const coverages = of('Coverage');
      const payers = coverages.flatMap(c => (c.payor || []).map(p => byRef.get(p.reference)).filter(Boolean));
      return { patient, coverages, payers, conditions: of('Condition'), devices: of('Device'), orders: of('ServiceRequest') };
    });
  }

  function patientName(p) {
    const n = (p.name || [])[0] || {};
    return [(n.given || []).join(' '), n.family].filter(Boolean).join(' ') || p.id;
  }

  function scenarioLabel(s) {
    const cov = s.coverages[0];
    const plan = cov && (cov.class || [])[0];
    const payer = cov && (cov.payor || [])[0];
    return patientName(s.patient) + ': ' + s.conditions.map(c => codingText(c.code)).join(', ')
        + (s.devices.length ? ' + ' + s.devices.map(d => codingText(d.type)).join(', ') : '')
        + ' (' + [payer && payer.display, plan && plan.name].filter(Boolean).join(', ') + ')';
  }

  function currentScenario() {
    return patients[$('patient').selectedIndex];
  }

  function showRecord() {
    const s = currentScenario();
    const box = $('patient-record');
    box.replaceChildren();
    const dl = el('dl');
    const add = (term, value) => { dl.appendChild(el('dt', term)); dl.appendChild(el('dd', value)); };
    add('Patient', patientName(s.patient) + ', ' + s.patient.gender + ', born ' + s.patient.birthDate);
    s.coverages.forEach(c => add('Coverage', [((c.payor || [])[0] || {}).display, codingText(c.type),
      ((c.class || [])[0] || {}).name, 'member ' + c.subscriberId].filter(Boolean).join(' \u00b7 ')));
    box.appendChild(dl);
    // The record's own conditions and devices come ticked; the other demo patients' are offered unticked, so that
    // a case such as pancreatic cancer with a pacemaker can be built from the seed.
    const list = (legendText, own, others, label, name) => {
      const fs = el('fieldset');
      fs.appendChild(el('legend', legendText));
      if (own.length === 0) fs.appendChild(el('p', 'None recorded', 'empty'));
      const add = (item, checked, suffix) => {
        const id = name + '-' + item.id;
        const wrap = el('div', null, 'check');
        const box = el('input');
        box.type = 'checkbox';
        box.id = id;
        box.checked = checked;
        box.dataset.resource = item.id;
        box.name = name;
        const l = el('label', label(item) + suffix);
        l.htmlFor = id;
        wrap.append(box, l);
        fs.appendChild(wrap);
      };
      own.forEach(item => add(item, true, ''));
      others.forEach(({ item, from }) => add(item, false, ' (add: from ' + from + '\u2019s record)'));
      box.appendChild(fs);
    };
    // Another record's item is offered only if it brings a code this list does not hold yet: Chen's C25.0 is no
    // news to Okafor, who has it, and is offered once to the others, not once per record that holds it.
    const others = (kind, concept) => {
      const key = c => c.system + '|' + c.code;
      const known = new Set(s[kind].flatMap(item => (concept(item).coding || []).map(key)));
      return patients.filter(p => p !== s).flatMap(p => p[kind].map(item => ({ item, from: patientName(p.patient) })))
        .filter(({ item }) => {
          const codes = (concept(item).coding || []).map(key);
          const adds = codes.length === 0 || codes.some(k => !known.has(k));
          codes.forEach(k => known.add(k));
          return adds;
        });
    };
    list('Conditions sent in prefetch (untick to leave one out, tick to add one)', s.conditions,
      others('conditions', c => c.code || {}), c => codingText(c.code), 'condition');
    list('Devices sent in prefetch', s.devices, others('devices', d => d.type || {}), d => codingText(d.type), 'device');
    const order = s.orders[0];
    if (order) {
      const coding = (order.code.coding || [])[0] || {};
      $('order-code').value = coding.code;
      $('order-system').value = coding.system;
      $('order-text').value = order.code.text || '';
    }
  }

  // The ticked resources of this kind, from this record or added from another demo patient's (then about this one).
  function included(name, kind) {
    const s = currentScenario();
    const kept = new Set([...document.querySelectorAll('input[name="' + name + '"]:checked')].map(b => b.dataset.resource));
    const ref = { reference: 'Patient/' + s.patient.id };
    return patients.flatMap(p => p[kind]).filter(r => kept.has(r.id)).map(r => {
      if (s[kind].includes(r)) return r;
      const copy = JSON.parse(JSON.stringify(r));
      if (copy.subject) copy.subject = ref;
      if (copy.patient) copy.patient = ref;
      return copy;
    });
  }

  function searchset(resources) {
    return { resourceType: 'Bundle', type: 'searchset', total: resources.length,
      entry: resources.map(r => ({ fullUrl: 'urn:demo:' + r.resourceType + '/' + r.id, resource: r })) };
  }

  function buildRequest() {
    const s = currentScenario();
    const service = services[$('service').selectedIndex];
    const base = s.orders[0] || { resourceType: 'ServiceRequest', id: 'console-order', status: 'draft', intent: 'order',
      subject: { reference: 'Patient/' + s.patient.id } };
    const order = JSON.parse(JSON.stringify(base));
    const code = $('order-code').value;
    order.code = { coding: [{ system: $('order-system').value, code: code }], text: $('order-text').value };
    const conditions = included('condition', 'conditions');
    const devices = included('device', 'devices');
    if (order.reasonReference && !order.reasonReference.every(r => conditions.some(c => 'Condition/' + c.id === r.reference))) {
      delete order.reasonReference;
    }
    const draftOrders = { resourceType: 'Bundle', type: 'collection', entry: [{ resource: order }] };
    const context = { userId: 'Practitioner/demo-oncologist', patientId: s.patient.id };
    const hook = service.hook;
    if (hook === 'order-sign' || hook === 'order-select') context.draftOrders = draftOrders;
    if (hook === 'order-select') context.selections = ['ServiceRequest/' + order.id];
    if (hook === 'order-dispatch') {
      context.dispatchedOrders = ['ServiceRequest/' + order.id];
      context.performer = 'Organization/demo-hospital';
    }
    if (hook === 'appointment-book') {
      context.appointments = { resourceType: 'Bundle', type: 'collection', entry: [{ resource: {
        resourceType: 'Appointment', id: 'console-appointment', status: 'proposed',
        basedOn: [{ reference: 'ServiceRequest/' + order.id }],
        participant: [{ actor: { reference: 'Patient/' + s.patient.id }, status: 'needs-action' }] } }] };
    }
    const signed = Object.assign({}, order, { status: 'active' });
    if (hook === 'encounter-start' || hook === 'encounter-discharge') {
      context.encounterId = 'console-encounter';
      signed.encounter = { reference: 'Encounter/console-encounter' };
    }
    const prefetch = {};
    const wanted = Object.keys(service.prefetch || {});
    const available = {
      patient: s.patient,
      coverage: searchset(s.coverages),
      conditions: searchset(conditions),
      devices: searchset(devices),
      orders: searchset([signed]),
      encounter: { resourceType: 'Encounter', id: 'console-encounter', status: 'in-progress',
        class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'IMP' },
        subject: { reference: 'Patient/' + s.patient.id } },
      encounterOrders: searchset([signed])
    };
    wanted.forEach(key => { if (available[key]) prefetch[key] = available[key]; });
    const configuration = {};
    document.querySelectorAll('#options input').forEach(input => {
      if (input.type === 'checkbox') configuration[input.dataset.code] = input.checked;
      else if (input.value !== '') configuration[input.dataset.code] = Number(input.value);
    });
    return {
      hook: hook,
      hookInstance: crypto.randomUUID(),
      context: context,
      prefetch: prefetch,
      extension: { 'davinci-crd.configuration': configuration, 'davinci-crd.requestedVersion': $('crd-version').value }
    };
  }

  function showOptions() {
    const service = services[$('service').selectedIndex];
    const ext = service.extension || {};
    const fs = $('options');
    fs.replaceChildren(el('legend', 'Configuration options the service advertises'));
    (ext['davinci-crd.configuration-options'] || []).forEach(option => {
      const id = 'option-' + option.code;
      const wrap = el('div', null, option.type === 'boolean' ? 'check' : 'field');
      const input = el('input');
      input.id = id;
      input.dataset.code = option.code;
      if (option.type === 'boolean') {
        input.type = 'checkbox';
        input.checked = option.default !== false;
      } else {
        input.type = 'number';
        input.min = '0';
        input.value = option.default !== undefined ? option.default : '';
      }
      const label = el('label', option.name + (option.description ? ': ' + option.description : ''));
      label.htmlFor = id;
      if (option.type === 'boolean') wrap.append(input, label); else wrap.append(label, input);
      fs.appendChild(wrap);
    });
    const versions = ext['davinci-crd.version'] || ext['davinci-crd.versions'] || ['2.0'];
    const select = $('crd-version');
    const chosen = select.value;
    select.replaceChildren(...[].concat(versions).map(v => el('option', v)));
    if ([].concat(versions).includes(chosen)) select.value = chosen;
  }

  async function send() {
    const request = buildRequest();
    const service = services[$('service').selectedIndex];
    $('request-json').textContent = JSON.stringify(request, null, 2);
    $('call-status').textContent = 'Calling POST /cds-services/' + service.id + '\u2026';
    const response = await fetch('/cds-services/' + encodeURIComponent(service.id), {
      method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(request) });
    const body = await response.json().catch(() => ({}));
    $('call-status').textContent = 'POST /cds-services/' + service.id + ' answered ' + response.status;
    $('response-json').textContent = JSON.stringify(body, null, 2);
    showCards(service, body.cards || []);
    showSystemActions(body.systemActions || []);
  }

  function showCards(service, cards) {
    const box = $('cards');
    box.replaceChildren();
    if (cards.length === 0) {
      box.appendChild(el('p', 'No cards: the payer has nothing to tell the clinician about this order.', 'empty'));
      return;
    }
    const sorted = cards.slice().sort((a, b) => (INDICATOR_ORDER[a.indicator] ?? 3) - (INDICATOR_ORDER[b.indicator] ?? 3));
    sorted.forEach(card => box.appendChild(renderCard(service, card)));
  }

  function renderCard(service, card) {
    const indicator = INDICATOR_ORDER[card.indicator] !== undefined ? card.indicator : 'info';
    const article = el('article', null, 'card indicator-' + indicator);
    article.dataset.indicator = indicator;
    const head = el('header');
    const badge = el('span', INDICATOR_ICON[indicator] + ' ' + INDICATOR_WORD[indicator], 'indicator');
    head.append(badge, el('h3', card.summary, 'summary'));
    article.appendChild(head);
    if (card.detail) article.appendChild(SafeMarkdown.render(card.detail));
    const source = card.source || {};
    const sourceLine = el('p', null, 'source');
    sourceLine.appendChild(el('span', 'Source: ' + (source.label || 'unnamed')));
    // A topic the policy gave no display is named by its code, said to be one, never passed off as a name.
    if (source.topic && (source.topic.display || source.topic.code)) {
      sourceLine.appendChild(el('span', source.topic.display ? ' \u00b7 Topic: ' + source.topic.display
        : ' \u00b7 Topic code: ' + source.topic.code + (source.topic.system ? ' (' + source.topic.system + ')' : ''),
        'topic'));
    }
    article.appendChild(sourceLine);
    if ((card.links || []).length) {
      const ul = el('ul', null, 'links');
      card.links.forEach(link => {
        const li = el('li');
        if (/^https?:\/\//i.test(link.url || '')) {
          const a = el('a', link.label);
          a.href = link.url;
          a.target = '_blank';
          a.rel = 'noopener noreferrer';
          li.appendChild(a);
          if (link.type === 'smart') li.appendChild(el('span', ' (SMART app)'));
        } else {
          li.textContent = (link.label || '') + ' (' + (link.url || 'no address') + ')';
        }
        ul.appendChild(li);
      });
      article.appendChild(ul);
    }
    const feedback = el('div', null, 'feedback');
    const status = el('p', null, 'feedback-status');
    status.setAttribute('role', 'status');
    (card.suggestions || []).forEach(suggestion => {
      const button = el('button', 'Accept: ' + suggestion.label);
      button.type = 'button';
      button.addEventListener('click', () => postFeedback(service, card, { outcome: 'accepted',
        acceptedSuggestions: [{ id: suggestion.uuid }] }, status));
      feedback.appendChild(button);
    });
    const reasons = card.overrideReasons || [];
    if (card.uuid) {
      if (!(card.suggestions || []).length) {
        const ok = el('button', 'Accept');
        ok.type = 'button';
        ok.addEventListener('click', () => postFeedback(service, card, { outcome: 'accepted' }, status));
        feedback.appendChild(ok);
      }
      const id = 'reason-' + card.uuid;
      const label = el('label', 'Override reason');
      label.htmlFor = id;
      const select = el('select');
      select.id = id;
      reasons.forEach((r, i) => { const o = el('option', r.display || r.code); o.value = String(i); select.appendChild(o); });
      if (reasons.length === 0) select.appendChild(el('option', '(none offered)'));
      const override = el('button', 'Override');
      override.type = 'button';
      override.addEventListener('click', () => {
        const reason = reasons[Number(select.value)];
        postFeedback(service, card, { outcome: 'overridden',
          overrideReason: reason ? { reason: { system: reason.system, code: reason.code, display: reason.display } }
            : { userComment: 'Overridden from the console' } }, status);
      });
      feedback.append(label, select, override);
    }
    article.append(feedback, status);
    return article;
  }

  async function postFeedback(service, card, entry, status) {
    const body = { feedback: [Object.assign({ card: card.uuid, outcomeTimestamp: new Date().toISOString() }, entry)] };
    status.textContent = 'Sending feedback\u2026';
    const response = await fetch('/cds-services/' + encodeURIComponent(service.id) + '/feedback', {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    status.textContent = response.ok
      ? 'Feedback (' + entry.outcome + ') accepted by the service: ' + response.status
      : 'Feedback refused: ' + response.status + ' ' + (await response.text());
  }

  function valueOf(part) {
    return Object.keys(part).filter(k => k.startsWith('value')).map(k => part[k])[0];
  }

  // A CRD 2.2 detail entry (category, code, value, qualification...) as a definition list: one row per
  // sub-extension, a code with its system, a URL as a link, a quantity or period in words.
  function detailList(detail) {
    const dl = el('dl', null, 'coverage-detail');
    (detail.extension || []).forEach(sub => {
      const value = valueOf(sub);
      const dd = el('dd');
      dd.dataset.part = sub.url;
      if (typeof value === 'string' && /^https?:\/\//i.test(value)) {
        const a = el('a', value);
        a.href = value;
        a.target = '_blank';
        a.rel = 'noopener noreferrer';
        dd.appendChild(a);
      } else if (value && typeof value === 'object' && (value.coding || value.system)) {
        const c = value.coding ? (value.coding[0] || {}) : value;
        const shown = value.text || c.display || c.code;
        dd.appendChild(el('span', shown));
        const also = [shown !== c.code ? c.code : '', c.system].filter(Boolean).join(', ');
        if (also) dd.appendChild(el('span', ' (' + also + ')', 'system'));
      } else if (value && typeof value === 'object' && value.value !== undefined) {
        dd.textContent = value.value + (value.unit || value.code ? ' ' + (value.unit || value.code) : '');
      } else if (value && typeof value === 'object' && (value.start || value.end)) {
        dd.textContent = [value.start, value.end].filter(Boolean).join(' to ');
      } else {
        dd.textContent = value && typeof value === 'object' ? JSON.stringify(value) : String(value ?? '');
      }
      dl.append(el('dt', sub.url), dd);
    });
    return dl;
  }

  function coverageRows(resource) {
    return (resource.extension || []).filter(e => e.url === COVERAGE_INFORMATION).map(ext => {
      const parts = { details: [] };
      (ext.extension || []).forEach(part => {
        if (part.url === 'detail') {
          parts.details.push(part);
          return;
        }
        const value = valueOf(part);
        const text = value && typeof value === 'object'
          ? (value.reference || codingText(value) || value.code || JSON.stringify(value)) : value;
        parts[part.url] = (parts[part.url] ? parts[part.url] + ', ' : '') + text;
      });
      return parts;
    });
  }

  // One row per coverage-information extension; its CRD 2.2 detail entries go in a full-width row under it, so
  // that they stay readable beside nine other columns. On a narrow window the stylesheet stacks each row's cells,
  // each under its column's name (data-label).
  function showSystemActions(actions) {
    const box = $('system-actions');
    box.replaceChildren();
    if (actions.length === 0) {
      box.appendChild(el('p', 'No system actions: nothing was recorded on the order.', 'empty'));
      return;
    }
    const columns = ['covered', 'pa-needed', 'doc-needed', 'reason', 'billingCode', 'coverage', 'date',
      'coverage-assertion-id'];
    const headings = ['action', 'resource'].concat(columns);
    const table = el('table', null, 'system-actions');
    table.appendChild(el('caption', 'Coverage information the service put on the order'));
    const head = el('tr');
    headings.forEach(c => { const th = el('th', c); th.scope = 'col'; head.appendChild(th); });
    table.appendChild(el('thead')).appendChild(head);
    const tbody = table.appendChild(el('tbody'));
    const cell = (tr, heading) => {
      const td = el('td');
      td.dataset.label = heading;
      tr.appendChild(td);
      return td;
    };
    actions.forEach(action => {
      const resource = action.resource || {};
      const rows = coverageRows(resource);
      (rows.length ? rows : [{}]).forEach(parts => {
        const tr = el('tr');
        cell(tr, 'action').textContent = action.type + (action.description ? ': ' + action.description : '');
        cell(tr, 'resource').textContent = resource.resourceType + '/' + resource.id;
        columns.forEach(c => {
          const td = cell(tr, c);
          if (c === 'coverage-assertion-id' && parts[c]) {
            const a = el('a', parts[c]);
            a.href = '/api/assertions/' + encodeURIComponent(parts[c]);
            a.className = 'assertion-link';
            a.addEventListener('click', event => { event.preventDefault(); showAssertion(parts[c]); });
            td.appendChild(a);
          } else {
            td.textContent = parts[c] || '';
          }
        });
        tbody.appendChild(tr);
        if ((parts.details || []).length) {
          const detailRow = el('tr', null, 'detail-row');
          const td = cell(detailRow, 'detail');
          td.colSpan = headings.length;
          td.appendChild(el('p', 'detail (CRD 2.2): ' + parts.details.length
            + (parts.details.length === 1 ? ' entry' : ' entries'), 'detail-heading'));
          const grid = el('div', null, 'coverage-details');
          parts.details.forEach(d => grid.appendChild(detailList(d)));
          td.appendChild(grid);
          tbody.appendChild(detailRow);
        }
      });
    });
    const wrap = el('div', null, 'table-wrap');
    wrap.tabIndex = 0;
    wrap.appendChild(table);
    box.appendChild(wrap);
  }

  async function showAssertion(id) {
    const box = $('assertion');
    box.replaceChildren(el('p', 'Reading /api/assertions/' + id + '\u2026'));
    const response = await fetch('/api/assertions/' + encodeURIComponent(id), { headers: { Accept: 'application/json' } });
    const body = await response.json().catch(() => ({}));
    box.replaceChildren();
    box.appendChild(el('p', 'GET /api/assertions/' + id + ' answered ' + response.status));
    if (response.ok) {
      const dl = el('dl', null, 'assertion-summary');
      Object.keys(body).filter(k => typeof body[k] !== 'object' || body[k] === null).forEach(k => {
        dl.appendChild(el('dt', k));
        dl.appendChild(el('dd', body[k]));
      });
      box.appendChild(dl);
    }
    const pre = el('pre', JSON.stringify(body, null, 2));
    pre.tabIndex = 0;
    box.appendChild(pre);
    box.scrollIntoView({ block: 'nearest' });
  }

  async function start() {
    const [seed, discovery] = await Promise.all([getJson('demo/Bundle-crd-demo-seed.json'), getJson('/cds-services')]);
    patients = readSeed(seed);
    services = discovery.services || [];
    $('patient').replaceChildren(...patients.map(s => el('option', scenarioLabel(s))));
    $('service').replaceChildren(...services.map(s => el('option', s.hook + ' (' + s.id + ')')));
    $('patient').addEventListener('change', showRecord);
    $('service').addEventListener('change', showOptions);
    $('send').addEventListener('click', () => send().catch(e => { $('call-status').textContent = 'Failed: ' + e.message; }));
    showRecord();
    showOptions();
    document.body.dataset.ready = 'true';
  }

  document.addEventListener('DOMContentLoaded', () => start().catch(e => {
    $('call-status').textContent = 'The console could not start: ' + e.message;
  }));
})();
