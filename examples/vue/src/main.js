import { createApp } from "vue";
import ImportStatus from "./ImportStatus.vue";

// This demo takes its endpoint and job from the address (?endpoint=…&jobId=…).
const params = new URLSearchParams(location.search);
createApp(ImportStatus, { endpoint: params.get("endpoint") ?? "", jobId: params.get("jobId") ?? "", token: "root:Milvus" }).mount("#app");
