// Defines <milvus-import-monitor>; its WebAssembly loads when the element connects.
import "milvus-import-monitor/element";

const monitor = document.querySelector("milvus-import-monitor");
// This demo takes its endpoint and job from the address (?endpoint=…&jobId=…).
const params = new URLSearchParams(location.search);
monitor.setAttribute("endpoint", params.get("endpoint") ?? "http://localhost:19530");
monitor.token = "root:Milvus"; // a property, never an attribute
monitor.setAttribute("job-id", params.get("jobId") ?? "");

const log = document.getElementById("events");
window.received = [];
for (const name of ["milvus-import-progress", "milvus-import-complete", "milvus-import-failed", "milvus-import-error"]) {
  monitor.addEventListener(name, (event) => {
    const { jobId, state, progress, kind } = event.detail;
    window.received.push({ name, jobId, state, progress, kind });
    log.append(Object.assign(document.createElement("li"), { textContent: `${name} ${state ?? kind} ${progress ?? ""}` }));
  });
}
