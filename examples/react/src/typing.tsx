// Never rendered: `tsc --noEmit` (the build's first step) proves the element's JSX typing is
// real. Each @ts-expect-error must meet an error, or the build fails.
import type {} from "milvus-import-monitor/react";

export const typed = [
  // @ts-expect-error: the detail of milvus-import-complete is an ImportJob, whose state is a string
  <milvus-import-monitor key="1" onmilvus-import-complete={(e) => e.detail.state.toFixed()} />,
  // @ts-expect-error: the token is a string
  <milvus-import-monitor key="2" token={42} />,
  // @ts-expect-error: no such attribute
  <milvus-import-monitor key="3" jobid="1" />,
  <milvus-import-monitor key="4" job-ids="1 2" onmilvus-import-batch-complete={(e) => e.detail.jobs.map((job) => job.jobId)} />,
];
