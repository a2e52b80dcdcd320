//! The `<milvus-import-monitor>` element as a host sees it, declared once: its attributes
//! ([`ATTRIBUTES`]), its property, methods, events, `::part()` names and CSS custom
//! properties. The npm package's `custom-elements.json`, its TypeScript event map and the
//! element's JavaScript (observed attributes, event names) are all generated from these tables
//! (`src/bin/element-manifest.rs`), and the widget dispatches its events by these names.

pub use crate::attributes::{Attribute, ATTRIBUTES};
use serde_json::{json, Value};

/// The tag `import "milvus-import-monitor/element"` defines.
pub const TAG: &str = "milvus-import-monitor";

/// A named thing with a description: a property, method, part or CSS custom property.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Member {
    pub name: &'static str,
    /// TypeScript: a property's type, a method's signature; empty for parts and CSS properties.
    pub ts: &'static str,
    pub description: &'static str,
}

/// One event the element dispatches (bubbling, composed), with its `detail`'s TypeScript type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Event {
    pub name: &'static str,
    pub detail: &'static str,
    pub description: &'static str,
}

/// Every good answer for the watched job.
pub const PROGRESS: Event = Event {
    name: "milvus-import-progress",
    detail: "ImportJob",
    description: "Every answer about the watched job (or a job of the batch): the job as the server sent it.",
};
/// The job reached Completed.
pub const COMPLETE: Event = Event { name: "milvus-import-complete", detail: "ImportJob", description: "The job reached Completed." };
/// The job reached Failed.
pub const FAILED: Event =
    Event { name: "milvus-import-failed", detail: "ImportJob", description: "The job reached Failed (or was aborted); `reason` says why." };
/// A request failed; the last good data stays on screen.
pub const ERROR: Event = Event {
    name: "milvus-import-error",
    detail: "ImportError & { jobId?: string }",
    description: "A request failed (the last good data stays on screen), or the widget's WebAssembly could not load (kind \"load\"). For a batch, `jobId` says whose.",
};
/// Every job of a batch is final.
pub const BATCH_COMPLETE: Event = Event {
    name: "milvus-import-batch-complete",
    detail: "{ jobs: ImportJob[] }",
    description: "Every job of the batch is final (or no longer followed): each as last seen.",
};

/// A collection's readiness changed.
pub const READINESS: Event = Event {
    name: "milvus-import-readiness",
    detail: "ReadinessReport",
    description: "What the widget read of a job's collection: its index progress (collection-wide) during the sorting and index phases, and after Completed whether the rows can be searched (load state, rows stored, rows visible). Fields the role may not read say \"no-permission\".",
};

/// The events, in the order the documentation lists them.
pub const EVENTS: [Event; 6] = [PROGRESS, COMPLETE, FAILED, ERROR, BATCH_COMPLETE, READINESS];

/// The element's JavaScript property. The token is one, never an attribute.
pub const PROPERTIES: [Member; 1] = [Member {
    name: "token",
    ts: "string",
    description:
        "The Milvus token (user:password or an API key). A property only: an attribute would put it in the DOM for anyone to read.",
}];

/// The element's methods.
pub const METHODS: [Member; 4] = [
    Member { name: "watch", ts: "(jobIds: string | string[]) => void", description: "Watches a job, or several as one batch." },
    Member {
        name: "watchServers",
        ts: "(options: ServersOptions) => void",
        description: "Watches jobs of several servers as one batch (each with its own endpoint, token and database), or with pair: true a primary's jobs on it and its CDC standby.",
    },
    Member { name: "stop", ts: "() => void", description: "Stops watching; what was shown stays." },
    Member {
        name: "destroy",
        ts: "() => void",
        description: "Stops every request and timer and empties the element (removing it does the same).",
    },
];

/// The `::part()` names a host can restyle; each is on one element of the widget's views.
pub const PARTS: [Member; 34] = [
    Member { name: "form", ts: "", description: "The form: endpoint, token and job ID." },
    Member { name: "summary", ts: "", description: "The watched job: state, progress, what it is doing, its figures." },
    Member { name: "bar", ts: "", description: "The job's progress bar (its fill is the part bar-fill)." },
    Member { name: "bar-fill", ts: "", description: "The filled share of the job's progress bar." },
    Member { name: "files", ts: "", description: "The section listing the job's files." },
    Member { name: "files-table", ts: "", description: "The table of the job's files." },
    Member { name: "list", ts: "", description: "The list of the server's import jobs." },
    Member { name: "batch", ts: "", description: "A batch of jobs: its totals and its table." },
    Member { name: "batch-table", ts: "", description: "The table of the batch's jobs." },
    Member { name: "create", ts: "", description: "The form that starts an import." },
    Member { name: "failure", ts: "", description: "A failed job's reason, its cause and the fix." },
    Member {
        name: "clock-offset",
        ts: "",
        description: "Says how far the server's clock is off from this computer's, when it is more than a few seconds.",
    },
    Member {
        name: "replayed",
        ts: "",
        description: "Says that a retried create's Idempotency-Key had already run: the job shown is not new.",
    },
    Member { name: "failure-side", ts: "", description: "Whose move a failure is: fix the data, or ask the operator." },
    Member { name: "over-time", ts: "", description: "Where the time went: the phases, the chart and the file timeline." },
    Member { name: "chart", ts: "", description: "The chart of progress and rows/s." },
    Member { name: "file-timeline", ts: "", description: "One bar per file group, over time." },
    Member { name: "index", ts: "", description: "The index phase measured: the collection's rows indexed and pending." },
    Member { name: "index-bar", ts: "", description: "The collection's index progress bar (its fill is the part index-bar-fill)." },
    Member { name: "index-bar-fill", ts: "", description: "The filled share of the index progress bar." },
    Member {
        name: "readiness",
        ts: "",
        description: "After Completed: whether the rows can be searched (load, rows stored, rows visible).",
    },
    Member { name: "servers", ts: "", description: "The form's other servers and the pair switch." },
    Member { name: "asks-tokens", ts: "", description: "A link naming several servers asks for their tokens (links never carry them)." },
    Member { name: "pairs", ts: "", description: "A batch of CDC pairs: a primary, its standby, and a row per job." },
    Member { name: "pair-table", ts: "", description: "The table of a pair's jobs: each side, the lag, what they mean together." },
    Member { name: "pair-stall", ts: "", description: "The alert for a commit that has not reached the standby within the threshold." },
    Member {
        name: "early-commit",
        ts: "",
        description: "The question before committing on the primary while the standby is not prepared.",
    },
    Member { name: "prechecks", ts: "", description: "The checks of an import's request, shown before it is sent." },
    Member { name: "queue", ts: "", description: "A waiting job's place in its server's queue." },
    Member { name: "log-settings", ts: "", description: "The log link's settings in the form: a preset, its log server, the template." },
    Member { name: "log-link", ts: "", description: "A link to the job's logs, with its ID and time window." },
    Member { name: "history", ts: "", description: "The History tab: every job kept in this browser, its filters and bounds." },
    Member { name: "history-trend", ts: "", description: "A collection's loads over time: a chart of durations and a table." },
    Member { name: "history-compare", ts: "", description: "Two kept loads side by side, their differences in words." },
];

/// The CSS custom properties of the theme (set them on the element; light and dark differ).
pub const CSS_PROPERTIES: [Member; 14] = [
    Member { name: "--mim-bg", ts: "", description: "The page's background." },
    Member { name: "--mim-surface", ts: "", description: "The background of panels and tables." },
    Member { name: "--mim-text", ts: "", description: "The text." },
    Member { name: "--mim-muted", ts: "", description: "Secondary text." },
    Member { name: "--mim-border", ts: "", description: "Borders and rules." },
    Member { name: "--mim-accent", ts: "", description: "Buttons, links, the progress fill." },
    Member { name: "--mim-accent-text", ts: "", description: "Text on the accent colour." },
    Member { name: "--mim-ok", ts: "", description: "Completed." },
    Member { name: "--mim-warn", ts: "", description: "Warnings, such as a possible stall." },
    Member { name: "--mim-bad", ts: "", description: "Failed, and errors." },
    Member { name: "--mim-bad-bg", ts: "", description: "The background of error banners." },
    Member { name: "--mim-bar-bg", ts: "", description: "The empty share of progress bars." },
    Member { name: "--mim-radius", ts: "", description: "The corner radius." },
    Member { name: "--mim-mono", ts: "", description: "The monospace font of IDs and paths." },
];

fn named(members: &[Member]) -> Vec<Value> {
    members.iter().map(|m| json!({ "name": m.name, "description": m.description })).collect()
}

/// The Custom Elements Manifest (schema 2.1.0) of the element, for `package.json`'s
/// `customElements`: editors, Storybook and framework tooling read it.
///
/// ```
/// let manifest = milvus_import_monitor::declaration::manifest("0.1.0");
/// assert_eq!(manifest["modules"][0]["declarations"][0]["tagName"], "milvus-import-monitor");
/// ```
pub fn manifest(version: &str) -> Value {
    let attributes: Vec<Value> =
        ATTRIBUTES.iter().map(|a| json!({ "name": a.name, "type": { "text": a.ts }, "description": a.description })).collect();
    let members = PROPERTIES
        .iter()
        .map(|p| json!({ "kind": "field", "name": p.name, "type": { "text": p.ts }, "description": p.description }))
        .chain(METHODS.iter().map(|m| json!({ "kind": "method", "name": m.name, "description": m.description, "type": { "text": m.ts } })));
    let events: Vec<Value> = EVENTS
        .iter()
        .map(|e| json!({ "name": e.name, "type": { "text": format!("CustomEvent<{}>", e.detail) }, "description": e.description }))
        .collect();
    json!({
        "schemaVersion": "2.1.0",
        "readme": "README.md",
        "modules": [{
            "kind": "javascript-module",
            "path": "element.js",
            "declarations": [{
                "kind": "class",
                "name": "MilvusImportMonitorElement",
                "customElement": true,
                "tagName": TAG,
                "description": format!("Watches Milvus bulk-import jobs (milvus-import-monitor {version}). The WebAssembly loads when the first element connects."),
                "superclass": { "name": "HTMLElement" },
                "attributes": attributes,
                "members": members.collect::<Vec<_>>(),
                "events": events,
                "cssParts": named(&PARTS),
                "cssProperties": named(&CSS_PROPERTIES),
            }],
            "exports": [{ "kind": "custom-element-definition", "name": TAG, "declaration": { "name": "MilvusImportMonitorElement", "module": "element.js" } }],
        }],
    })
}

/// The JavaScript module the element's class reads its tables from (no WebAssembly needed to
/// define the element).
///
/// ```
/// let js = milvus_import_monitor::declaration::javascript();
/// assert!(js.contains("\"job-id\"") && js.contains("milvus-import-error"));
/// ```
pub fn javascript() -> String {
    let attributes: Vec<&str> = ATTRIBUTES.iter().map(|a| a.name).collect();
    let events: Vec<&str> = EVENTS.iter().map(|e| e.name).collect();
    let methods: Vec<&str> = METHODS.iter().map(|m| m.name).collect();
    format!(
        "// Generated from src/declaration.rs by src/bin/element-manifest.rs: do not edit.\nexport const TAG = {};\nexport const ATTRIBUTES = Object.freeze({});\nexport const EVENTS = Object.freeze({});\nexport const METHODS = Object.freeze({});\n",
        json!(TAG),
        json!(attributes),
        json!(events),
        json!(methods)
    )
}

/// The TypeScript of the element: its interface, the event map (`HTMLElementEventMap`
/// augmentation, so `addEventListener("milvus-import-complete", e => e.detail.state)` is
/// typed) and the tag (`HTMLElementTagNameMap`).
///
/// ```
/// let ts = milvus_import_monitor::declaration::typescript();
/// assert!(ts.contains("\"milvus-import-complete\": CustomEvent<ImportJob>;"));
/// ```
pub fn typescript() -> String {
    let doc = |text: &str| format!("  /** {text} */\n");
    let attributes: String = ATTRIBUTES.iter().map(|a| format!("{}  {:?}?: {};\n", doc(a.description), a.name, a.ts)).collect();
    let members: String =
        PROPERTIES.iter().chain(METHODS.iter()).map(|m| format!("{}  {}: {};\n", doc(m.description), m.name, m.ts)).collect();
    let events: String = EVENTS.iter().map(|e| format!("{}  {:?}: CustomEvent<{}>;\n", doc(e.description), e.name, e.detail)).collect();
    format!(
        "// Generated from src/declaration.rs by src/bin/element-manifest.rs: do not edit.\n\
         import type {{ ImportJob, ImportError, ReadinessReport, ServersOptions }} from \"./milvus_import_monitor.js\";\n\n\
         /** The element's attributes, as markup (or a framework) sets them. */\n\
         export interface MilvusImportMonitorAttributes {{\n{attributes}}}\n\n\
         /** The events the element dispatches: bubbling, composed, `detail` typed. */\n\
         export interface MilvusImportMonitorEventMap {{\n{events}}}\n\n\
         /** `<{TAG}>`: watches Milvus bulk-import jobs. */\n\
         export interface MilvusImportMonitorElement extends HTMLElement {{\n{members}\
         \x20 addEventListener<K extends keyof MilvusImportMonitorEventMap>(type: K, listener: (this: MilvusImportMonitorElement, ev: MilvusImportMonitorEventMap[K]) => unknown, options?: boolean | AddEventListenerOptions): void;\n\
         \x20 addEventListener<K extends keyof HTMLElementEventMap>(type: K, listener: (this: MilvusImportMonitorElement, ev: HTMLElementEventMap[K]) => unknown, options?: boolean | AddEventListenerOptions): void;\n\
         \x20 addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;\n\
         }}\n\n\
         declare global {{\n\
         \x20 interface HTMLElementTagNameMap {{ {:?}: MilvusImportMonitorElement; }}\n\
         \x20 interface HTMLElementEventMap extends MilvusImportMonitorEventMap {{}}\n\
         }}\n",
        TAG
    )
}
