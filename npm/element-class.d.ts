import type { MilvusImportMonitorElement } from './element-types.js';

/**
 * Defines `<milvus-import-monitor>` (or `tagName`) and returns its class; defining twice returns
 * the class already registered. Without a DOM (Node, server-side rendering) it returns
 * `undefined`. The WebAssembly loads when the first element connects.
 *
 * ```ts
 * defineMonitorElement();
 * const el = document.createElement("milvus-import-monitor");
 * el.token = "root:Milvus";
 * el.setAttribute("job-id", "461829374610022401");
 * ```
 */
export function defineMonitorElement(tagName?: string): { new (): MilvusImportMonitorElement; prototype: MilvusImportMonitorElement } | undefined;
