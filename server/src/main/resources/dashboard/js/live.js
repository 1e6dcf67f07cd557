// Shared polling: one request at a time per source, every listener told of each answer or error.

import { api } from "./api.js";

export class Poller {
  constructor(fetcher, intervalMs) {
    this.fetcher = fetcher;
    this.intervalMs = intervalMs;
    this.listeners = new Set();
    this.data = null;
    this.error = null;
    this.busy = false;
  }

  subscribe(listener) {
    this.listeners.add(listener);
    if (this.data || this.error) listener(this.data, this.error);
    return () => this.listeners.delete(listener);
  }

  start() {
    if (!this.timer) {
      this.tick();
      this.timer = setInterval(() => this.tick(), this.intervalMs);
    }
    return this;
  }

  async tick() {
    if (this.busy) return;
    this.busy = true;
    try {
      this.data = await this.fetcher();
      this.error = null;
    } catch (e) {
      this.error = e;
    } finally {
      this.busy = false;
    }
    for (const listener of this.listeners) {
      try {
        listener(this.data, this.error);
      } catch (e) {
        console.error("A dashboard view failed to update:", e);
      }
    }
  }
}

/** GET /metrics/realtime every second: health, totals, rates, cache and latency figures. */
export const realtime = new Poller(() => api("/metrics/realtime"), 1000);
