// The relay frame: an extension page inside the platform's page, in the
// extension's process. The MAIN-world script posts each copied payload
// here (transferred, so the page's main thread does no copying or
// serialising); this frame decodes it and has the service worker classify
// it, which then sends the badges to the page's ISOLATED script.
/* global sendCapture */
(() => {
  const decoder = new TextDecoder();
  addEventListener('message', (ev) => {
    const d = ev.data;
    if (ev.source !== window.parent || d?.feedlens !== 'capture' || typeof d.url !== 'string') return;
    const body = typeof d.body === 'string' ? d.body : d.body instanceof ArrayBuffer ? decoder.decode(d.body) : null;
    if (body) sendCapture(d.url, String(d.kind), body, 'relay', Number(d.id), String(d.page));
  });
})();
