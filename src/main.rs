//! The standalone page: mounts the monitor into `<body>`.

fn main() {
    #[cfg(target_arch = "wasm32")]
    milvus_import_monitor::view::start();
}
