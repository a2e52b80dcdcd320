import "milvus-import-monitor/element";
import type {} from "milvus-import-monitor/react";
import { useState } from "react";

export function ImportStatus({ endpoint, jobId, token }: { endpoint: string; jobId: string; token: string }) {
  const [status, setStatus] = useState("waiting for the first answer");
  return (
    <>
      <p role="status">{status}</p>
      <milvus-import-monitor
        endpoint={endpoint}
        job-id={jobId}
        token={token}
        interval="1"
        hide-form
        onmilvus-import-progress={(e) => setStatus(`${e.detail.state} ${e.detail.progress} %`)}
        onmilvus-import-complete={(e) => setStatus(`completed: ${e.detail.importedRows} rows`)}
        onmilvus-import-error={(e) => setStatus(`error: ${e.detail.message}`)}
      />
    </>
  );
}
