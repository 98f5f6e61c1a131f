// The dossier's document viewer: a scanned PDF is rendered page by page into a canvas with PDF.js, fetching only the
// byte ranges a page needs (the first 64 KB, then what PDF.js asks for), so page 1 of a large scan shows at once.
// Images are shown as they are. No plug-in, nothing kept by the browser (the server sends no-store).
import * as pdfjs from '../lib/pdfjs/pdf.min.mjs';

pdfjs.GlobalWorkerOptions.workerSrc = new URL('../lib/pdfjs/pdf.worker.min.mjs', import.meta.url).toString();

const chunk = 65536;
const viewer = document.getElementById('viewer');
// The worker starts while the expert reads the form, not when the first scan is opened.
const worker = viewer ? new pdfjs.PDFWorker() : null;
worker?.promise.then(() => { viewer.dataset.ready = '1'; });

async function range(url, begin, end) {
  const response = await fetch(url, { headers: { Range: `bytes=${begin}-${end - 1}` }, credentials: 'same-origin' });
  if (response.status !== 206 && response.status !== 200) {
    throw new Error(`${response.status}`);
  }
  const total = Number((response.headers.get('Content-Range') || '').split('/')[1] || response.headers.get('Content-Length'));
  return { bytes: new Uint8Array(await response.arrayBuffer()), total };
}

class RangeTransport extends pdfjs.PDFDataRangeTransport {
  constructor(url, length, initial) {
    super(length, initial);
    this.url = url;
  }

  requestDataRange(begin, end) {
    range(this.url, begin, end).then(r => this.onDataRange(begin, r.bytes)).catch(e => showError(e));
  }
}

function showError(e) {
  viewer.querySelector('[data-role=status]').textContent = viewer.dataset.failed + (e && e.message ? `（${e.message}）` : '');
}

let current = null;

async function openPdf(url, name) {
  const status = viewer.querySelector('[data-role=status]');
  status.textContent = viewer.dataset.loading;
  const first = await range(url, 0, chunk);
  const transport = new RangeTransport(url, first.total, first.bytes);
  const doc = await pdfjs.getDocument({ range: transport, worker, rangeChunkSize: chunk, disableAutoFetch: true, disableStream: true, isEvalSupported: false }).promise;
  current = { doc, page: 1, name };
  await render();
}

async function render() {
  const canvas = viewer.querySelector('canvas');
  const page = await current.doc.getPage(current.page);
  const width = viewer.clientWidth - 8;
  const base = page.getViewport({ scale: 1 });
  const scale = Math.min(2, width / base.width);
  const viewport = page.getViewport({ scale: scale * (window.devicePixelRatio || 1) });
  canvas.width = viewport.width;
  canvas.height = viewport.height;
  canvas.style.width = `${viewport.width / (window.devicePixelRatio || 1)}px`;
  await page.render({ canvasContext: canvas.getContext('2d'), viewport }).promise;
  // A standard user-timing mark, so the time from a click to a drawn page can be read in the browser's own clock.
  performance.mark('dossier-page-drawn', { detail: { page: current.page } });
  viewer.querySelector('[data-role=status]').textContent =
    viewer.dataset.pageOf.replace('{0}', current.page).replace('{1}', current.doc.numPages) + ' · ' + current.name;
  viewer.dataset.page = String(current.page);
  viewer.dataset.pages = String(current.doc.numPages);
  canvas.hidden = false;
  viewer.querySelector('img').hidden = true;
}

function openImage(url, name) {
  const img = viewer.querySelector('img');
  img.src = url;
  img.alt = name;
  img.hidden = false;
  viewer.querySelector('canvas').hidden = true;
  viewer.querySelector('[data-role=status]').textContent = name;
  current = null;
  viewer.dataset.page = '1';
  viewer.dataset.pages = '1';
}

document.addEventListener('click', ev => {
  const open = ev.target.closest('[data-view]');
  if (open) {
    ev.preventDefault();
    viewer.hidden = false;
    viewer.scrollIntoView({ block: 'start' });
    const url = open.getAttribute('data-view');
    const name = open.getAttribute('data-name');
    if (open.getAttribute('data-type') === 'application/pdf') {
      openPdf(url, name).catch(showError);
    } else {
      openImage(url, name);
    }
    return;
  }
  const turn = ev.target.closest('[data-turn]');
  if (turn && current) {
    const next = current.page + Number(turn.getAttribute('data-turn'));
    if (next >= 1 && next <= current.doc.numPages) {
      current.page = next;
      render().catch(showError);
    }
  }
});
