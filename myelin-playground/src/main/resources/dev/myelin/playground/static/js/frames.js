// The session's stream of frames: received as server-sent events, parsed and handed on at most once
// per display frame, and acknowledged so that the server builds the next one only when this page has
// taken the previous (one frame in flight, never a queue).
import { request, ApiError } from './api.js';
import { decode } from './heatmap.js';

export class FrameStream {
  /**
   * @param onFrame called with each parsed frame the page should draw
   * @param onFreed called when the server no longer knows the session (freed after a long absence)
   */
  constructor(onFrame, onFreed) {
    this.onFrame = onFrame;
    this.onFreed = onFreed;
    this.source = null;
    this.sessionId = null;
    this.pendingRaw = null;
    this.pendingOutputRaw = null;
    this.pendingDataRaw = null;
  }

  /** Opens the stream of a session (closing any earlier one); reopens it when the connection drops. */
  open(sessionId) {
    this.close();
    this.sessionId = sessionId;
    // ack=1: the server sends the next frame only after this page has taken the previous one (see drawPending)
    const source = new EventSource(`/api/sessions/${sessionId}/events?ack=1`);
    this.source = source;
    source.onmessage = (m) => this.queue(m.data);
    source.onerror = async () => {
      if (source !== this.source || source.readyState !== EventSource.CLOSED) return;
      try {
        await request('GET', `/api/sessions/${sessionId}/frame`);
        this.open(sessionId);
      } catch (e) {
        if (e instanceof ApiError && e.status === 404) this.onFreed();
      }
    };
  }

  close() {
    if (this.source) this.source.close();
    this.source = null;
  }

  // Frames are parsed and drawn at most once per display frame: when the page falls behind, only the
  // newest is parsed and drawn (with the points and heatmaps of the newest skipped frame that had them),
  // so a click never waits behind a queue of stale pictures, nor behind parsing frames nobody sees.
  queue(raw) {
    const perf = window.playground.perf;
    perf.received++;
    perf.bytes += raw.length;
    const scheduled = this.pendingRaw !== null;
    if (scheduled) {
      // the frame being superseded may carry heatmaps or points that the newer one lacks (a cheap text
      // test; a false match only costs a parse whose fields turn out empty)
      if (this.pendingRaw.includes('"output":')) this.pendingOutputRaw = this.pendingRaw;
      if (this.pendingRaw.includes('"data":')) this.pendingDataRaw = this.pendingRaw;
    }
    this.pendingRaw = raw;
    if (!scheduled) requestAnimationFrame(() => this.drawPending());
  }

  drawPending() {
    const t0 = performance.now();
    const f = JSON.parse(this.pendingRaw);
    // taken: the server may build the next frame while this one is drawn
    if (f.seq !== undefined && this.sessionId) {
      request('POST', `/api/sessions/${this.sessionId}/ack`, { seq: f.seq }).catch(() => {});
    }
    const parsed = new Map();
    const parse = (raw) => { if (!parsed.has(raw)) parsed.set(raw, JSON.parse(raw)); return parsed.get(raw); };
    if (!f.output && this.pendingOutputRaw) { const o = parse(this.pendingOutputRaw); f.output = o.output; f.neurons = o.neurons; }
    if (!f.data && this.pendingDataRaw) f.data = parse(this.pendingDataRaw).data;
    this.pendingRaw = this.pendingOutputRaw = this.pendingDataRaw = null;
    decodeWeights(f.network);
    timed('parse', t0);
    this.onFrame(f);
  }
}

/**
 * Each layer's weights arrive as base64 float32, row-major [inputs][units] ({@code weights32}): the view
 * reads the flat array ({@code wFlat}); {@code w[i][j]} (rows of numbers) is built on first use.
 */
export function decodeWeights(network) {
  for (const l of network.layers) {
    if (typeof l.weights32 !== 'string') continue;
    const bytes = decode(l.weights32);
    const flat = new Float32Array(bytes.buffer, 0, bytes.length / 4);
    const inputs = flat.length / l.units;
    let rows = null;
    l.wFlat = flat;
    delete l.weights32;
    Object.defineProperty(l, 'w', {
      enumerable: true,
      get() {
        if (!rows) rows = Array.from({ length: inputs }, (_, i) => Array.from(flat.subarray(i * l.units, (i + 1) * l.units)));
        return rows;
      },
    });
  }
}

/** Adds the milliseconds since {@code t0} to a phase of the page's work ({@code window.playground.perf}); returns now. */
export function timed(phase, t0) {
  const now = performance.now();
  const p = window.playground.perf.phases;
  p[phase] = (p[phase] || 0) + (now - t0);
  return now;
}
