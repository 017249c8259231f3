// Building the page's DOM: elements from text only (never parsed as HTML), tables, number formats, the lag sparkline, the status lines.

const SVG = 'http://www.w3.org/2000/svg';

/** h('td', { 'data-testid': 'x' }, 'text', childNode): an element with attributes and children. */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

export function table(headings, rows, attributes = {}) {
  return h(
    'table',
    attributes,
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        headings.map((heading) => h('th', {}, heading)),
      ),
    ),
    h('tbody', {}, rows),
  );
}

export const empty = (text) => h('p', { class: 'empty' }, text);
/** A long list in a box of its own height, so one busy section does not push the others off the screen. */
export const scroll = (label, content) => h('div', { class: 'scroll', 'aria-label': label }, content);
export const when = (iso) => (iso ? new Date(iso).toLocaleString() : '—');
export const number = (value) => (typeof value === 'number' ? value.toLocaleString() : '—');

export function bytes(value) {
  if (typeof value !== 'number') return '—';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let size = value;
  let unit = 0;
  while (size >= 1024 && unit < units.length - 1) {
    size /= 1024;
    unit++;
  }
  return `${size.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}

export function seconds(value) {
  if (typeof value !== 'number') return '—';
  return value < 1 ? `${Math.round(value * 1000)} ms` : `${value.toFixed(value < 10 ? 2 : 1)} s`;
}

export function metrics(values) {
  if (!values) return '';
  return Object.entries(values)
    .map(([name, value]) => `${name} ${typeof value === 'number' ? Number(value.toFixed(4)) : value}`)
    .join(', ');
}

/** The total lag over time as an inline SVG line, scaled to its own maximum. */
export function sparkline(trend) {
  const width = 160;
  const height = 28;
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('width', String(width));
  svg.setAttribute('height', String(height));
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('class', 'sparkline');
  svg.setAttribute('data-testid', 'group-trend');
  svg.setAttribute('data-samples', String(trend.length));
  const title = document.createElementNS(SVG, 'title');
  title.textContent = trend.length
    ? `lag ${trend.map((point) => point.lag).join(' → ')} (${trend.length} samples)`
    : 'no samples yet';
  svg.append(title);
  if (trend.length === 0) return svg;
  const max = Math.max(1, ...trend.map((point) => point.lag));
  const step = trend.length > 1 ? (width - 2) / (trend.length - 1) : 0;
  const points = trend
    .map(
      (point, i) =>
        `${(1 + i * step).toFixed(1)},${(height - 2 - (point.lag / max) * (height - 4)).toFixed(1)}`,
    )
    .join(' ');
  const line = document.createElementNS(SVG, 'polyline');
  line.setAttribute('points', trend.length > 1 ? points : `${points} ${width - 1},${points.split(',')[1]}`);
  line.setAttribute('fill', 'none');
  line.setAttribute('stroke', 'currentColor');
  line.setAttribute('stroke-width', '1.5');
  svg.append(line);
  return svg;
}

export function setStatus(text, failed = false) {
  const status = document.querySelector('[data-testid="status"]');
  status.textContent = text;
  status.classList.toggle('failed', failed);
}

export function flash(text, failed = false) {
  const element = document.querySelector('[data-testid="flash"]');
  element.textContent = text;
  element.classList.toggle('failed', failed);
  element.hidden = false;
}
