// The <milvus-import-monitor> element. Defining it needs no WebAssembly: the first element to
// connect loads it (through `new URL(…, import.meta.url)`, which Vite and webpack 5 resolve as
// an asset), then every element mounts the widget into its shadow root. Importing this module
// touches no `window`, `document` or `customElements`, so it is safe in Node and during
// server-side rendering.
import init, { mountElement } from './milvus_import_monitor.js';
import { TAG, ATTRIBUTES, EVENTS, METHODS } from './declaration.js';

const ERROR_EVENT = EVENTS.find((name) => name.endsWith('-error'));
let loading = null;

/** Loads the WebAssembly once for the whole page (init() is idempotent too). */
function load() {
  loading ??= init().catch((cause) => {
    loading = null; // a later element may try again
    throw cause;
  });
  return loading;
}

/**
 * Defines `<milvus-import-monitor>` (or `tagName`) and returns its class. Defining twice, or
 * under a name already taken, returns the class already registered. Where there is no DOM
 * (Node, server-side rendering) it defines nothing and returns `undefined`.
 *
 * @example
 * import { defineMonitorElement } from "milvus-import-monitor";
 * defineMonitorElement();
 * const el = document.createElement("milvus-import-monitor");
 * el.setAttribute("endpoint", "http://localhost:19530");
 * el.token = "root:Milvus";
 * el.setAttribute("job-id", "461829374610022401");
 * document.body.append(el);
 *
 * @param {string} [tagName]
 * @returns {CustomElementConstructor | undefined}
 */
export function defineMonitorElement(tagName = TAG) {
  if (typeof customElements === 'undefined' || typeof HTMLElement === 'undefined') return undefined;
  const existing = customElements.get(tagName);
  if (existing) return existing;
  class MilvusImportMonitorElement extends HTMLElement {
    static get observedAttributes() { return [...ATTRIBUTES]; }

    constructor() {
      super();
      this._token = '';
      this._monitor = null;
      this._pending = null; // what watch()/stop() asked before the WebAssembly arrived
      // A framework may have set the token on the element before it was defined.
      if (Object.prototype.hasOwnProperty.call(this, 'token')) {
        const token = this.token;
        delete this.token;
        this.token = token;
      }
    }

    /** The token is a property only: an attribute would put it in the DOM for anyone to read. */
    get token() { return this._token; }
    set token(value) {
      this._token = value == null ? '' : String(value);
      this._monitor?.attributeChanged('token', this._attributes(), this._token);
    }

    _attributes() { return Object.fromEntries(ATTRIBUTES.map((name) => [name, this.getAttribute(name)])); }

    connectedCallback() {
      if (this._monitor) return;
      const root = this.shadowRoot ?? this.attachShadow({ mode: 'open' });
      load().then(
        () => {
          if (!this.isConnected || this._monitor) return;
          this._monitor = mountElement(root, this, this._attributes(), this._token);
          const pending = this._pending;
          this._pending = null;
          if (pending?.watch !== undefined) this._monitor.watch(pending.watch);
          else if (pending?.servers !== undefined) this._monitor.watchServers(pending.servers);
          else if (pending?.stop) this._monitor.stop();
        },
        (cause) => {
          const error = new Error(`The import monitor could not load its WebAssembly: ${cause?.message ?? cause}`);
          Object.assign(error, { kind: 'load', code: null, httpStatus: null });
          root.textContent = error.message;
          this.dispatchEvent(new CustomEvent(ERROR_EVENT, { detail: error, bubbles: true, composed: true }));
        },
      );
    }

    disconnectedCallback() { this.destroy(); }

    attributeChangedCallback(name, previous, value) {
      if (this._monitor && previous !== value) this._monitor.attributeChanged(name, this._attributes(), this._token);
    }

    watch(jobIds) {
      const ids = Array.isArray(jobIds) ? jobIds.map(String) : String(jobIds);
      if (this._monitor) this._monitor.watch(ids);
      else this._pending = { watch: ids };
    }

    /** Jobs of several servers (`{ servers: [{ endpoint, token, jobIds }], pair?, stallSeconds? }`); tokens stay in memory. */
    watchServers(options) {
      if (this._monitor) this._monitor.watchServers(options);
      else this._pending = { servers: options };
    }

    stop() {
      if (this._monitor) this._monitor.stop();
      else this._pending = { stop: true };
    }

    destroy() {
      this._pending = null;
      this._monitor?.destroy();
      this._monitor?.free();
      this._monitor = null;
    }
  }
  for (const name of METHODS) {
    if (typeof MilvusImportMonitorElement.prototype[name] !== 'function') throw new Error(`milvus-import-monitor: method ${name} is declared but missing`);
  }
  customElements.define(tagName, MilvusImportMonitorElement);
  return MilvusImportMonitorElement;
}
