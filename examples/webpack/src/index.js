// webpack 5 resolves the package's `new URL("…wasm", import.meta.url)` as an asset by default.
import "milvus-import-monitor/element";

const monitor = document.querySelector("milvus-import-monitor");
const params = new URLSearchParams(location.search);
monitor.setAttribute("endpoint", params.get("endpoint") ?? "http://localhost:19530");
monitor.token = "root:Milvus";
monitor.setAttribute("job-id", params.get("jobId") ?? "");

window.received = [];
for (const name of ["milvus-import-progress", "milvus-import-complete"]) {
  monitor.addEventListener(name, (event) => window.received.push({ name, state: event.detail.state }));
}
