export * from './milvus_import_monitor.js';
export { default } from './milvus_import_monitor.js';
export { defineMonitorElement } from './element-class.js';
export type { MilvusImportMonitorElement, MilvusImportMonitorEventMap, MilvusImportMonitorAttributes } from './element-types.js';
