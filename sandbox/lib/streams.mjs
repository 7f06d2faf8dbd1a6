// Open SSE streams (§4.6): each gets the deployment's snapshot, then live frames and keep-alive
// comments, until the client leaves or the sandbox closes it (like the DM's closeAll).

/**
 * @param {{ state: import('./state.mjs').SandboxState, keepAliveMs: number, checkFrame?: (frame: any) => void }} o
 * `checkFrame` sees every frame written (strict mode validates it)
 */
export function createStreams({ state, keepAliveMs, checkFrame = () => {} }) {
  /** @type {Set<{ close: () => void }>} */
  const open = new Set();
  return {
    get size() { return open.size; },
    /**
     * Start streaming deployment `d` on a raw response whose headers are already written.
     * @param {import('node:http').ServerResponse} res @param {any} d @param {number|null} resetAfterMs close after this long (sse-reset fault)
     */
    attach(res, d, resetAfterMs = null) {
      const write = (frame) => { checkFrame(frame); if (!res.destroyed) res.write(`data: ${JSON.stringify(frame)}\n\n`); };
      for (const frame of state.snapshot(d)) write(frame);
      const unsubscribe = state.subscribe(d.id, write);
      const keepAlive = setInterval(() => { if (!res.destroyed) res.write(': keep-alive\n\n'); }, keepAliveMs);
      keepAlive.unref?.();
      let resetTimer = null;
      const entry = { close: () => { cleanup(); res.destroy(); } };
      function cleanup() { unsubscribe(); clearInterval(keepAlive); if (resetTimer) clearTimeout(resetTimer); open.delete(entry); }
      open.add(entry);
      res.on('close', cleanup);
      if (resetAfterMs !== null) resetTimer = setTimeout(() => entry.close(), resetAfterMs);
    },
    /** Close every open stream; returns how many there were. */
    closeAll() {
      const n = open.size;
      for (const s of [...open]) { try { s.close(); } catch { /* already gone */ } }
      return n;
    },
  };
}
