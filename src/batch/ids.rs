//! Job IDs as people paste them: one per line from a script's log, a comma-separated list, or
//! a Python list printed by a loader (`['4618…', '4618…']`).

/// The job IDs in `text`, each once, in the order given. Separators are white space, commas
/// and semicolons; quotes and brackets around an ID are dropped.
///
/// ```
/// use milvus_import_monitor::batch::split_job_ids;
/// assert_eq!(split_job_ids("461829374610022401, 461829374610022405\n461829374610022401"), ["461829374610022401", "461829374610022405"]);
/// assert_eq!(split_job_ids("['7', '8']"), ["7", "8"]);
/// assert!(split_job_ids(" ,\n").is_empty());
/// ```
pub fn split_job_ids(text: &str) -> Vec<String> {
    let mut ids: Vec<String> = Vec::new();
    let separator = |c: char| c.is_whitespace() || c == ',' || c == ';';
    let wrapper: &[char] = &['[', ']', '(', ')', '{', '}', '\'', '"', '`'];
    for token in text.split(separator).map(|t| t.trim_matches(wrapper)).filter(|t| !t.is_empty()) {
        if !ids.iter().any(|id| id == token) {
            ids.push(token.to_owned());
        }
    }
    ids
}
