export { defineMonitorElement } from './element-class.js';
export type { MilvusImportMonitorElement, MilvusImportMonitorEventMap, MilvusImportMonitorAttributes } from './element-types.js';
