// The dashboard page: reads /dashboard/api/events (server-sent events) and
// draws every Canary with its phase, and the chosen one's rollout: phase,
// weights, reason with its evidence link, blast radius, a chart of stages and
// weights, each check's value against its limit (failing ones red) and a
// comparison's band, and the last rollouts. What to draw is decided by
// controller/dashboard/page-model.ts; this file only draws it. Text from the
// cluster is set as textContent, never as HTML.
import {
  CategoryScale,
  Chart,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartDataset,
  type ScatterDataPoint,
} from 'chart.js';
import type { CanariesAnswer, DashboardCanary, RemovedCanary, SourceState } from '../../controller/dashboard/dashboard-api.js';
import {
  blastRadiusText,
  checkSeries,
  clockText,
  evidenceLink,
  limitText,
  checkReason,
  outcomeTone,
  phaseTone,
  stageMarks,
  valueText,
  weightSeries,
  weightsText,
  type CheckSeries,
  type XY,
} from '../../controller/dashboard/page-model.js';

Chart.register(LineController, LineElement, PointElement, LinearScale, CategoryScale, Filler, Legend, Tooltip);

const RED = '#d32f2f';
const BLUE = '#1565c0';
const GREY = '#9e9e9e';
const GREEN = '#2e7d32';

const canaries = new Map<string, DashboardCanary>();
const charts = new Map<string, Chart<'line', ScatterDataPoint[]>>();
const keyOf = (c: { namespace: string; name: string }) => `${c.namespace}/${c.name}`;

function element<T extends HTMLElement = HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`the page has no #${id}`);
  return found as T;
}

function cell(row: HTMLTableRowElement, text: string): HTMLTableCellElement {
  const td = row.insertCell();
  td.textContent = text;
  return td;
}

function selectedKey(): string | undefined {
  const hash = decodeURIComponent(location.hash.replace(/^#/, ''));
  if (hash && canaries.has(hash)) return hash;
  return [...canaries.keys()].sort()[0];
}

function drawList(): void {
  const body = element<HTMLTableElement>('canaries').tBodies[0]!;
  body.replaceChildren();
  const selected = selectedKey();
  for (const canary of [...canaries.values()].sort((a, b) => keyOf(a).localeCompare(keyOf(b)))) {
    const row = body.insertRow();
    row.dataset.canary = keyOf(canary);
    row.setAttribute('aria-selected', String(keyOf(canary) === selected));
    cell(row, keyOf(canary));
    const phase = cell(row, '');
    const badge = phase.appendChild(document.createElement('span'));
    badge.className = 'badge';
    badge.dataset.tone = phaseTone(canary.status.phase);
    badge.textContent = canary.status.phase ?? 'no status yet';
    cell(row, `${canary.status.canaryWeight ?? 0} %`);
    cell(row, String(canary.status.failedChecks ?? 0));
    row.addEventListener('click', () => (location.hash = encodeURIComponent(keyOf(canary))));
  }
  element('no-canaries').hidden = canaries.size > 0;
}

function drawDetail(): void {
  const key = selectedKey();
  const canary = key ? canaries.get(key) : undefined;
  element('detail').hidden = !canary;
  if (!canary) return;
  const { status } = canary;
  element('title').textContent = keyOf(canary);
  const phase = element('phase');
  phase.textContent = status.phase ?? 'no status yet';
  phase.dataset.tone = phaseTone(status.phase);
  element('stage').textContent = status.stageName ? `stage ${status.stageName}` : 'no stage';
  element('weights').textContent = weightsText(status);
  element('revision').textContent = status.canaryRevision ? `revision ${status.canaryRevision}${status.rolloutNumber ? `, rollout #${status.rolloutNumber}` : ''}` : 'no rollout yet';
  const problem = element('status-problem');
  problem.hidden = !canary.statusProblem;
  problem.textContent = canary.statusProblem ? `The status could not be read: ${canary.statusProblem}` : '';

  const showReason = Boolean(status.reason) && (status.phase === 'Failed' || (status.failedChecks ?? 0) > 0);
  element('reason-box').hidden = !showReason;
  element('reason').textContent = status.reason ?? '';
  const link = element<HTMLAnchorElement>('reason-link');
  const evidence = evidenceLink(status.checks);
  link.hidden = !evidence;
  if (evidence) link.href = evidence;

  const blast = blastRadiusText(status.blastRadius);
  element('blast-internal').textContent = blast?.internal ?? 'not measured yet';
  element('blast-customers').textContent = blast?.customers ?? 'not measured yet';

  element('stage-marks').textContent = stageMarks(canary).map((m) => `${clockText(m.x)} ${m.stage} (${m.weight} %)`).join(' → ') || 'No timeline yet.';
  const weights = weightSeries(canary);
  drawChart('weights-chart', element<HTMLCanvasElement>('weights-chart'), [
    { label: 'canary weight %', data: weights, borderColor: BLUE, backgroundColor: BLUE, stepped: true },
    { label: 'primary weight %', data: weights.map((p) => ({ x: p.x, y: 100 - p.y })), borderColor: GREY, backgroundColor: GREY, stepped: true },
  ], { min: 0, max: 100 });

  const body = element<HTMLTableElement>('checks').tBodies[0]!;
  body.replaceChildren();
  for (const check of status.checks ?? []) {
    const row = body.insertRow();
    row.dataset.check = check.name;
    row.dataset.tone = outcomeTone(check.outcome);
    row.title = check.message;
    cell(row, check.name);
    cell(row, check.outcome);
    cell(row, valueText(check.value));
    cell(row, limitText(check));
    cell(row, new Date(check.measuredAt).toLocaleTimeString());
    cell(row, checkReason(check));
  }
  drawCheckCharts(keyOf(canary), checkSeries(canary));

  const history = element<HTMLTableElement>('history').tBodies[0]!;
  history.replaceChildren();
  for (const record of status.history ?? []) {
    const row = history.insertRow();
    cell(row, String(record.number));
    cell(row, record.revision);
    cell(row, record.result === 'promoted' ? 'promoted' : 'rolled back').style.color = record.result === 'promoted' ? GREEN : RED;
    cell(row, new Date(record.finishedAt).toLocaleString());
    cell(row, record.reason);
  }
}

function drawCheckCharts(canaryKey: string, series: CheckSeries[]): void {
  const holder = element('check-charts');
  const wanted = new Set(series.map((s) => `check:${canaryKey}:${s.name}`));
  for (const [id, chart] of charts) {
    if (id.startsWith('check:') && !wanted.has(id)) {
      chart.destroy();
      charts.delete(id);
      document.getElementById(id)?.remove();
    }
  }
  for (const s of series) {
    const id = `check:${canaryKey}:${s.name}`;
    let box = document.getElementById(id);
    if (!box) {
      box = holder.appendChild(document.createElement('div'));
      box.id = id;
      box.className = 'check-chart';
      box.appendChild(document.createElement('h4'));
      box.appendChild(document.createElement('div')).className = 'chart';
      box.lastElementChild!.appendChild(document.createElement('canvas'));
    }
    const failing = s.values.some((v) => v.failing);
    box.dataset.failing = String(failing);
    box.querySelector('h4')!.textContent = `${s.name}: value against its limit${s.lower.length > 0 ? ' and band' : ''}`;
    const datasets: Array<ChartDataset<'line', ScatterDataPoint[]>> = [];
    if (s.lower.length > 0) {
      datasets.push({ label: 'band lower', data: [...s.lower], borderColor: 'rgba(21,101,192,0.3)', pointRadius: 0 });
      datasets.push({ label: 'band', data: [...s.upper], borderColor: 'rgba(21,101,192,0.3)', backgroundColor: 'rgba(21,101,192,0.12)', pointRadius: 0, fill: '-1' });
    }
    if (s.min.length > 0) datasets.push({ label: 'min', data: [...s.min], borderColor: GREY, borderDash: [6, 4], pointRadius: 0 });
    if (s.max.length > 0) datasets.push({ label: 'max', data: [...s.max], borderColor: GREY, borderDash: [6, 4], pointRadius: 0 });
    datasets.push({
      label: s.name,
      data: s.values.map(({ x, y }) => ({ x, y })),
      borderColor: failing ? RED : BLUE,
      pointBackgroundColor: s.values.map((v) => (v.failing ? RED : BLUE)),
      pointBorderColor: s.values.map((v) => (v.failing ? RED : BLUE)),
      pointRadius: 4,
    });
    drawChart(id, box.querySelector('canvas')!, datasets);
  }
}

function drawChart(id: string, canvas: HTMLCanvasElement, datasets: Array<ChartDataset<'line', ScatterDataPoint[]>>, y: { min?: number; max?: number } = {}): void {
  const existing = charts.get(id);
  if (existing && existing.canvas === canvas) {
    existing.data.datasets = datasets;
    existing.update('none');
    return;
  }
  existing?.destroy();
  charts.set(
    id,
    new Chart<'line', ScatterDataPoint[]>(canvas, {
      type: 'line',
      data: { datasets },
      options: {
        animation: false,
        maintainAspectRatio: false,
        parsing: false,
        scales: {
          x: { type: 'linear', title: { display: true, text: 'since the rollout started' }, ticks: { precision: 0, callback: (value) => clockText(Number(value)) } },
          y: { ...y, beginAtZero: true },
        },
        plugins: { legend: { position: 'bottom', labels: { filter: (item) => item.text !== 'band lower' } }, tooltip: { callbacks: { title: (items) => clockText((items[0]?.raw as XY | undefined)?.x ?? 0) } } },
      },
    }),
  );
}

function draw(): void {
  drawList();
  drawDetail();
}

function showSource(source: SourceState): void {
  const text = element('source');
  text.textContent = source.message;
  text.dataset.live = String(source.live);
}

function connect(): void {
  const connection = element('connection');
  const events = new EventSource('api/events');
  events.addEventListener('open', () => {
    connection.dataset.state = 'live';
    connection.textContent = 'live';
  });
  events.addEventListener('error', () => {
    connection.dataset.state = 'reconnecting';
    connection.textContent = 'reconnecting…';
  });
  events.addEventListener('snapshot', (event) => {
    const { source, canaries: all } = JSON.parse((event as MessageEvent<string>).data) as CanariesAnswer;
    showSource(source);
    canaries.clear();
    for (const canary of all) canaries.set(keyOf(canary), canary);
    draw();
  });
  events.addEventListener('canary', (event) => {
    const canary = JSON.parse((event as MessageEvent<string>).data) as DashboardCanary;
    canaries.set(keyOf(canary), canary);
    draw();
  });
  events.addEventListener('removed', (event) => {
    canaries.delete(keyOf(JSON.parse((event as MessageEvent<string>).data) as RemovedCanary));
    draw();
  });
  events.addEventListener('source', (event) => showSource(JSON.parse((event as MessageEvent<string>).data) as SourceState));
}

window.addEventListener('hashchange', draw);
connect();
