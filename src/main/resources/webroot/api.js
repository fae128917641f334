// Renders /openapi.json as a plain reference page: each operation with its parameters, body
// and answers. No framework and nothing fetched from elsewhere.
'use strict';

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  for (const c of children) node.append(c instanceof Node ? c : String(c));
  return node;
}

function resolve(doc, node) {
  while (node && node.$ref) {
    node = node.$ref.slice(2).split('/').reduce((n, key) => n[key], doc);
  }
  return node;
}

function schemaName(schema) {
  if (!schema) return '';
  if (schema.$ref) return schema.$ref.split('/').pop();
  if (schema.type === 'array' && schema.items) return 'array of ' + schemaName(schema.items);
  return Array.isArray(schema.type) ? schema.type.join(' | ') : (schema.type || 'any');
}

function render(doc) {
  const intro = document.getElementById('intro');
  intro.replaceChildren(el('h2', { id: 'intro-h' }, doc.info.title + ' ' + doc.info.version),
    el('p', {}, doc.info.summary || ''), el('pre', { class: 'description' }, doc.info.description || ''));
  const out = document.getElementById('operations');
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of ['get', 'post', 'put', 'patch', 'delete']) {
      const op = item[method];
      if (!op) continue;
      const id = 'op-' + op.operationId;
      const section = el('section', { class: 'panel', id, 'aria-labelledby': id + '-h' },
        el('h2', { id: id + '-h' }, method.toUpperCase() + ' ' + path), el('p', {}, op.summary || ''));
      if (op.description) section.append(el('pre', { class: 'description' }, op.description));
      const params = [...(item.parameters || []), ...(op.parameters || [])].map((p) => resolve(doc, p));
      if (params.length) {
        section.append(el('h3', {}, 'Parameters'));
        const list = el('ul');
        params.forEach((p) => list.append(el('li', {}, el('code', {}, p.name), ' (' + p.in + ') ',
          schemaName(p.schema) + (p.description ? ': ' + p.description : ''))));
        section.append(list);
      }
      if (op.requestBody) {
        const content = op.requestBody.content || {};
        section.append(el('h3', {}, 'Body'), el('p', {}, Object.entries(content)
          .map(([type, m]) => type + ': ' + schemaName(m.schema)).join('; ')));
      }
      section.append(el('h3', {}, 'Answers'));
      const answers = el('ul');
      for (const [status, ref] of Object.entries(op.responses)) {
        const r = resolve(doc, ref);
        const types = Object.entries(r.content || {}).map(([t, m]) => t + ' ' + schemaName(m.schema)).join('; ');
        answers.append(el('li', {}, el('strong', {}, status), ' ' + r.description + (types ? ' (' + types + ')' : '')));
      }
      section.append(answers);
      out.append(section);
    }
  }
  const schemas = el('section', { class: 'panel', 'aria-labelledby': 'schemas-h' }, el('h2', { id: 'schemas-h' }, 'Schemas'));
  for (const [name, schema] of Object.entries(doc.components.schemas)) {
    schemas.append(el('h3', { id: 'schema-' + name }, name), el('pre', {}, JSON.stringify(schema, null, 2)));
  }
  out.append(schemas);
}

fetch('/openapi.json').then((r) => r.json()).then(render).catch((e) => {
  document.getElementById('intro').textContent = 'Could not load /openapi.json: ' + e.message;
});
