import { defineConfig } from "vite";
import vue from "@vitejs/plugin-vue";

// Vue renders <milvus-import-monitor> as a custom element, not a Vue component.
export default defineConfig({
  plugins: [vue({ template: { compilerOptions: { isCustomElement: (tag) => tag === "milvus-import-monitor" } } })],
});
