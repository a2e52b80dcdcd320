// JSX typing for React 19, which sets a custom element's properties (such as `token`) and
// listens to its events through `on<event-name>` props:
//
//   import type {} from "milvus-import-monitor/react";
//   <milvus-import-monitor endpoint={url} job-id={id} token={token} hide-form
//     onmilvus-import-complete={(e) => console.log(e.detail.state)} />
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type { MilvusImportMonitorAttributes, MilvusImportMonitorElement, MilvusImportMonitorEventMap } from './element-types.js';

/** `on<event-name>` handlers, each with its event's `detail` type. */
export type MilvusImportMonitorHandlers = {
  [K in keyof MilvusImportMonitorEventMap as `on${K}`]?: (event: MilvusImportMonitorEventMap[K]) => void;
};

/** The element's props in JSX: HTML attributes, its own attributes, its token, its events. */
export type MilvusImportMonitorProps = DetailedHTMLProps<HTMLAttributes<MilvusImportMonitorElement>, MilvusImportMonitorElement>
  & MilvusImportMonitorAttributes
  & MilvusImportMonitorHandlers
  & { token?: string };

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'milvus-import-monitor': MilvusImportMonitorProps;
    }
  }
}
