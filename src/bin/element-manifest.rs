//! Writes what the npm package says about its custom element, all from `src/declaration.rs`:
//! `custom-elements.json`, `declaration.js` (the tables the element's JavaScript reads) and
//! `element-types.d.ts` (its interface and event map). `scripts/package.sh` runs it.
//!
//! ```text
//! cargo run --bin element-manifest -- pkg 0.1.0
//! ```

use milvus_import_monitor::declaration::{javascript, manifest, typescript};
use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().ok_or("usage: element-manifest <out-dir> <version>")?);
    let version = args.next().ok_or("usage: element-manifest <out-dir> <version>")?;
    std::fs::write(dir.join("custom-elements.json"), serde_json::to_string_pretty(&manifest(&version))? + "\n")?;
    std::fs::write(dir.join("declaration.js"), javascript())?;
    std::fs::write(dir.join("element-types.d.ts"), typescript())?;
    Ok(())
}
