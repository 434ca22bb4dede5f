// The relay frame: an extension page inside the platform's page, in the
// extension's process. The MAIN-world script posts each copied payload
// here (transferred, so the page's main thread does no copying or
// serialising); this frame has the service worker classify it, which
// then sends the badges to the page's ISOLATED script.
//
// The worker gets bytes: the manifest asks for structured-clone
// messaging, so a buffer crosses as it is, where a string would have to
// be decoded here and encoded again for the Go core on the worker's
// thread (2 ms of the worker's 4.4 for a 478 KB payload). An XHR's text
// is encoded here, off the worker, which serves every tab.
/* global sendCapture */
(() => {
  const encoder = new TextEncoder();
  addEventListener('message', (ev) => {
    const d = ev.data;
    if (ev.source !== window.parent || d?.feedlens !== 'capture' || typeof d.url !== 'string') return;
    const body = typeof d.body === 'string' ? encoder.encode(d.body) : d.body instanceof ArrayBuffer ? new Uint8Array(d.body) : null;
    if (body?.length) sendCapture(d.url, String(d.kind), body, 'relay', Number(d.id), String(d.page));
  });
})();
