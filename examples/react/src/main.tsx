import { createRoot } from "react-dom/client";
import { ImportStatus } from "./ImportStatus";

// This demo takes its endpoint and job from the address (?endpoint=…&jobId=…).
const params = new URLSearchParams(location.search);
createRoot(document.getElementById("root")!).render(
  <ImportStatus endpoint={params.get("endpoint") ?? ""} jobId={params.get("jobId") ?? ""} token="root:Milvus" />,
);
