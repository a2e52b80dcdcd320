//! *Export report* as an effect: the report built when clicked, embedded in the one-file page
//! (`view::browser::one_file_page`) and downloaded; then what happened, said.

use crate::report::Report;
use crate::view::browser::{download, one_file_page};
use crate::view::lazy::PartMissing;
use crate::view::writers::WRITERS;
use std::rc::Rc;
use yew::prelude::*;

/// The click callback of *Export report*, which builds the report with `build` (what is on
/// screen then), and the note it left: the file's name, or why there is none.
#[hook]
pub fn use_report_export(build: Rc<dyn Fn() -> Option<Report>>) -> (Callback<()>, Option<String>) {
    let note = use_state(|| None::<String>);
    let onexport = {
        let note = note.clone();
        Callback::from(move |()| {
            let (build, note) = (build.clone(), note.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let Some(report) = build() else { return };
                let writers = WRITERS.get().await.map_err(|PartMissing| PartMissing::said(WRITERS.name));
                let written = match writers {
                    Ok(writers) => one_file_page().await.and_then(|page| (writers.report)(&page, &report).map_err(|e| e.to_string())),
                    Err(why) => Err(why),
                };
                note.set(Some(match written {
                    Ok(file) => {
                        download(&report.file_name(), "text/html", &file);
                        format!("Report saved as {}: it opens in any browser, without a token or a server.", report.file_name())
                    }
                    Err(why) => why,
                }));
            });
        })
    };
    (onexport, (*note).clone())
}
