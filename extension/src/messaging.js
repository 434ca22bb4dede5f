// Sending a payload to the service worker, again and again while it is
// being stopped or started: the worker stores each post once per day, so
// a retry never counts twice. A send that gets no answer at all is tried
// again too: when the worker is stopped while a message is on its way,
// Chromium may leave the sender's promise pending for ever. A classic script: the relay frame and the
// ISOLATED-world content script (which cannot be a module) both load it.
// eslint-disable-next-line no-unused-vars
async function sendCapture(url, kind, body, via, id, page) {
  const retries = [200, 500, 1000, 2000, 4000, 8000]; // ms between tries
  const patience = 8000; // ms for one answer, cold start of the core included
  for (let attempt = 0; ; attempt++) {
    try {
      let timer;
      const reply = await Promise.race([
        chrome.runtime.sendMessage({ type: 'capture', url, kind, body, via, id, page }),
        new Promise((_, reject) => { timer = setTimeout(() => reject(new Error('no answer')), patience); }),
      ]).finally(() => clearTimeout(timer));
      // The worker answers every capture: no answer means it was
      // stopped before it could, so try again.
      if (reply === undefined || reply === null) throw new Error('worker stopped');
      if (reply.error) console.debug('feedlens:', reply.error);
      return reply.error ? null : reply;
    } catch {
      if (!chrome.runtime?.id || attempt >= retries.length) return null; // extension gone or reloaded
      await new Promise((r) => setTimeout(r, retries[attempt]));
    }
  }
}
