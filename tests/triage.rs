//! The failure parser on real Milvus reason texts: one test per pattern of `triage::PATTERNS`.
//! Each text is what `describe` returns as it is built on the server: the import readers'
//! messages (internal/util/importutilv2), wrapped by `merr.WrapErrImportFailed` (": importing
//! data failed", once per wrap), put in the DataNode's `error: <cause>, file: <file record>`
//! (internal/datanode/importv2), and DataCoord's and the proxy's own texts (shared API page,
//! §3 and §5).

use milvus_import_monitor::job::triage::{explain_failure, CauseClass, Triage};

/// The DataNode's reason for a file group, as `task_preimport.go` writes it.
fn datanode(cause: &str, paths: &[&str]) -> String {
    let record: String = paths.iter().map(|p| format!("paths:\"{p}\" ")).collect();
    format!("error: {cause}, file: id:461829374610022402 {record}")
}

/// What a reader's error looks like after `WrapErrImportFailed`.
fn wrapped(message: &str) -> String {
    format!("{message}: importing data failed")
}

struct Expect<'a> {
    class: CauseClass,
    files: &'a [&'a str],
    row: Option<u64>,
    field: Option<&'a str>,
    expected: Option<&'a str>,
    actual: Option<&'a str>,
}

fn check(reason: &str, want: Expect) -> Triage {
    let t = explain_failure(reason);
    assert_eq!(t.class, Some(want.class), "{reason}");
    assert_eq!(t.files, want.files, "{reason}");
    assert_eq!(t.row, want.row, "{reason}");
    assert_eq!(t.field.as_deref(), want.field, "{reason}");
    assert_eq!(t.expected.as_deref(), want.expected, "{reason}");
    assert_eq!(t.actual.as_deref(), want.actual, "{reason}");
    assert!(!t.title.is_empty() && !t.hint.is_empty());
    assert_eq!(t.reason, reason, "the whole reason is kept");
    assert!(!t.cause.ends_with("importing data failed"), "suffixes stripped: {}", t.cause);
    assert!(!t.cause.contains("paths:"), "no file record in the cause: {}", t.cause);
    t
}

const NONE: Expect = Expect { class: CauseClass::Aborted, files: &[], row: None, field: None, expected: None, actual: None };

#[test]
fn dimension_mismatch() {
    // The shared API page's example (§3), and the job-level wrapping of it.
    let spec = datanode("failed to parse row 12: field 'vector' dim mismatch, expected 768 but got 767", &["imports/bad.json"]);
    for reason in [spec.clone(), wrapped(&spec)] {
        let want = Expect {
            class: CauseClass::DimensionMismatch,
            files: &["imports/bad.json"],
            row: Some(12),
            field: Some("vector"),
            expected: Some("768"),
            actual: Some("767"),
        };
        let t = check(&reason, want);
        assert_eq!(t.cause, "failed to parse row 12: field 'vector' dim mismatch, expected 768 but got 767");
    }
    // JSON reader, 2.5+: the row parser's error inside "failed to parse row".
    let json = datanode(
        &wrapped(&format!(
            "failed to parse row, error: {}",
            wrapped("expected dim '768' for field 'vector' with type 'FloatVector', got dim '767'")
        )),
        &["imports/part-0003.json"],
    );
    check(
        &json,
        Expect {
            class: CauseClass::DimensionMismatch,
            files: &["imports/part-0003.json"],
            field: Some("vector"),
            expected: Some("768"),
            actual: Some("767"),
            ..NONE
        },
    );
    // NumPy: a group of files, one per field.
    let numpy =
        datanode(&wrapped("expected dim '768' for FloatVector field 'vector', got dim '767'"), &["bulk/1/id.npy", "bulk/1/vector.npy"]);
    check(
        &numpy,
        Expect {
            class: CauseClass::DimensionMismatch,
            files: &["bulk/1/id.npy", "bulk/1/vector.npy"],
            field: Some("vector"),
            expected: Some("768"),
            actual: Some("767"),
            ..NONE
        },
    );
    // Parquet: the row and the widths in bytes.
    let parquet = datanode(
        &wrapped("vector row width mismatch: field vector, row 40961, expected 3072 bytes but got 3068 bytes, data type: FloatVector"),
        &["imports/part-0007.parquet"],
    );
    check(
        &parquet,
        Expect {
            class: CauseClass::DimensionMismatch,
            files: &["imports/part-0007.parquet"],
            row: Some(40961),
            field: Some("vector"),
            expected: Some("3072"),
            actual: Some("3068"),
        },
    );
}

#[test]
fn type_mismatch() {
    let json = datanode(
        &wrapped(&format!(
            "failed to parse row, error: {}",
            wrapped("expected type 'Int64' for field 'id', got type 'string' with value 'a17'")
        )),
        &["imports/rows.json"],
    );
    check(
        &json,
        Expect {
            class: CauseClass::TypeMismatch,
            files: &["imports/rows.json"],
            field: Some("id"),
            expected: Some("Int64"),
            actual: Some("string"),
            ..NONE
        },
    );
    let arrow = datanode(
        &wrapped("field 'vector' type mis-match, expect arrow type 'list<item: float, nullable>', get arrow data type 'list<item: double, nullable>'"),
        &["imports/part-0001.parquet"],
    );
    check(
        &arrow,
        Expect {
            class: CauseClass::TypeMismatch,
            files: &["imports/part-0001.parquet"],
            field: Some("vector"),
            expected: Some("list<item: float, nullable>"),
            actual: Some("list<item: double, nullable>"),
            ..NONE
        },
    );
    // Parquet's own wording, with an empty `nullable` and element type.
    let parquet = datanode(&wrapped("expect  ' Int64' type for field 'id', but got 'utf8' type"), &["imports/part-0002.parquet"]);
    check(
        &parquet,
        Expect {
            class: CauseClass::TypeMismatch,
            files: &["imports/part-0002.parquet"],
            field: Some("id"),
            expected: Some("Int64"),
            actual: Some("utf8"),
            ..NONE
        },
    );
    let numpy = datanode(&wrapped("expected element type 'FloatVector' for field 'vector', got type 'Double'"), &["bulk/3/vector.npy"]);
    check(
        &numpy,
        Expect {
            class: CauseClass::TypeMismatch,
            files: &["bulk/3/vector.npy"],
            field: Some("vector"),
            expected: Some("FloatVector"),
            actual: Some("Double"),
            ..NONE
        },
    );
}

#[test]
fn missing_field() {
    let json =
        datanode(&wrapped(&format!("failed to parse row, error: {}", wrapped("value of field 'title' is missed"))), &["imports/rows.json"]);
    check(&json, Expect { class: CauseClass::MissingField, files: &["imports/rows.json"], field: Some("title"), ..NONE });
    let csv = datanode(&wrapped("value of field is missed: 'title'"), &["imports/rows.csv"]);
    check(&csv, Expect { class: CauseClass::MissingField, files: &["imports/rows.csv"], field: Some("title"), ..NONE });
    let parquet = datanode(&wrapped("no parquet field for milvus field 'title'"), &["imports/part-0004.parquet"]);
    check(&parquet, Expect { class: CauseClass::MissingField, files: &["imports/part-0004.parquet"], field: Some("title"), ..NONE });
}

#[test]
fn extra_field() {
    let auto_id = datanode(&wrapped("the primary key 'id' is auto-generated, no need to provide"), &["imports/rows.json"]);
    check(&auto_id, Expect { class: CauseClass::ExtraField, files: &["imports/rows.json"], field: Some("id"), ..NONE });
    let bm25 = datanode(&wrapped("not allowed to provide data for BM25 function output field 'sparse'"), &["imports/part-0001.parquet"]);
    check(&bm25, Expect { class: CauseClass::ExtraField, files: &["imports/part-0001.parquet"], field: Some("sparse"), ..NONE });
}

#[test]
fn null_and_too_long_values() {
    let null = datanode(&wrapped("the field 'price' is not nullable but the file contains null value"), &["imports/part-0005.parquet"]);
    check(&null, Expect { class: CauseClass::NullValue, files: &["imports/part-0005.parquet"], field: Some("price"), ..NONE });
    let long =
        datanode(&wrapped("failed to parse row, error: value length(300) for field title exceeds max_length(256)"), &["imports/rows.json"]);
    check(
        &long,
        Expect {
            class: CauseClass::ValueTooLong,
            files: &["imports/rows.json"],
            field: Some("title"),
            expected: Some("at most 256"),
            actual: Some("300"),
            ..NONE
        },
    );
}

#[test]
fn unparsable_data_and_schema() {
    let json = datanode(
        &wrapped("failed to decode row, error: invalid character '}' looking for beginning of object key string"),
        &["imports/rows.json"],
    );
    check(&json, Expect { class: CauseClass::UnparsableRow, files: &["imports/rows.json"], ..NONE });
    let csv = datanode(
        &wrapped(&format!("failed to parse row, error: {}", wrapped("the number of fields in the row is not equal to the header"))),
        &["imports/rows.csv"],
    );
    check(&csv, Expect { class: CauseClass::SchemaMismatch, files: &["imports/rows.csv"], ..NONE });
    let root = datanode(&wrapped("invalid JSON format, the root key should be 'rows', but get 'data'"), &["imports/rows.json"]);
    check(
        &root,
        Expect { class: CauseClass::SchemaMismatch, files: &["imports/rows.json"], expected: Some("rows"), actual: Some("data"), ..NONE },
    );
}

#[test]
fn storage_errors_name_the_file() {
    let missing = datanode(
        &wrapped("new parquet reader failed, err=The specified key does not exist.: key not found[key=imports/part-0009.parquet]"),
        &["imports/part-0009.parquet"],
    );
    check(&missing, Expect { class: CauseClass::FileNotFound, files: &["imports/part-0009.parquet"], ..NONE });
    let denied = datanode(
        &wrapped("read json file failed, path=imports/a.json, err=permission denied[key=imports/a.json]: Access Denied."),
        &["imports/a.json"],
    );
    check(&denied, Expect { class: CauseClass::AccessDenied, files: &["imports/a.json"], ..NONE });
    let bucket = datanode(
        &wrapped("new parquet reader failed, err=bucket not found[key=imports/p.parquet]: The specified bucket does not exist"),
        &["imports/p.parquet"],
    );
    check(&bucket, Expect { class: CauseClass::BucketNotFound, files: &["imports/p.parquet"], ..NONE });
    // The storage layer's text quoted without the DataNode's file record: the file is only in the key.
    check(
        "The specified key does not exist.: key not found[key=imports/part-0010.parquet]",
        Expect { class: CauseClass::FileNotFound, files: &["imports/part-0010.parquet"], ..NONE },
    );
    let big = datanode(
        "The import file size has reached the maximum limit allowed for importing, fileSize=18253611008, maxSize=17179869184",
        &["imports/huge.parquet"],
    );
    check(&big, Expect { class: CauseClass::FileTooLarge, files: &["imports/huge.parquet"], ..NONE });
}

#[test]
fn request_errors_from_the_proxy_and_datacoord() {
    check(
        &wrapped("The max number of import files should not exceed 1024, but got 1100"),
        Expect { class: CauseClass::TooManyFiles, ..NONE },
    );
    let jobs = wrapped("The number of jobs has reached the limit, please try again later. If your request is set to only import a single file, please consider importing multiple files in one request for better efficiency.");
    check(&jobs, Expect { class: CauseClass::TooManyJobs, ..NONE });
    check("unexpected file type, files=[imports/a.txt]", Expect { class: CauseClass::FileType, files: &["imports/a.txt"], ..NONE });
    check(&wrapped("for JSON import, accepts only one file"), Expect { class: CauseClass::FileType, ..NONE });
    check("partition not specified: invalid parameter", Expect { class: CauseClass::PartitionError, ..NONE });
    check(
        &wrapped("not allow to set partition name for collection with partition key"),
        Expect { class: CauseClass::PartitionError, ..NONE },
    );
    check("collection 461829374610022300 dropped", Expect { class: CauseClass::CollectionError, ..NONE });
    check(
        "quota exceeded[reason=disk quota exceeded, please allocate more resources]",
        Expect { class: CauseClass::QuotaExceeded, ..NONE },
    );
    check("import timeout", Expect { class: CauseClass::Timeout, ..NONE });
    check("aborted by user", Expect { class: CauseClass::Aborted, ..NONE });
}

#[test]
fn an_unknown_reason_is_shown_whole_and_guesses_nothing() {
    for reason in ["failed to sync segment of 'imports/a.parquet': put object: connection reset by peer", "", "service unavailable"] {
        let t = explain_failure(reason);
        assert_eq!((t.class, t.title, t.hint), (None, "", ""), "{reason}");
        assert_eq!(t.reason, reason);
    }
}

/// The refusals and failure causes the newest releases add (shared API page, §11), as the
/// stand-in writes them for 2.6.24 and 3.0.2: each gets its class, and whose move it is.
#[test]
fn every_new_text_of_section_11_has_its_class_and_side() {
    use milvus_import_monitor::job::triage::Side;
    let cases = [
        (
            "invalid options.auto_commit value \"yes\": must be \"true\" or \"false\": invalid parameter",
            CauseClass::AutoCommitValue,
            Side::YourData,
        ),
        (
            "auto_commit=true import in replicating cluster is not supported: importing data failed",
            CauseClass::ReplicatingCluster,
            Side::YourData,
        ),
        ("l0 import is disabled: importing data failed", CauseClass::L0ImportDisabled, Side::Operator),
        (
            "rpc error: code = PermissionDenied desc = l0_import import: the cluster privilege ImportBinlog is required",
            CauseClass::ImportBinlog,
            Side::Operator,
        ),
        (
            "import path files/insert_log/1/2/3 is not allowed: insert_log is a Milvus internal storage directory: invalid parameter",
            CauseClass::InternalPath,
            Side::YourData,
        ),
        (
            "import path ../a.parquet is a relative path, not allowed with local storage: invalid parameter",
            CauseClass::RelativePath,
            Side::YourData,
        ),
        ("duplicate import option key: AUTO_COMMIT: invalid parameter", CauseClass::DuplicateOption, Side::YourData),
        ("the value at row 3 of field 'vector' is not a number or infinity: importing data failed", CauseClass::NotANumber, Side::YourData),
        ("struct field 'chunks' sub-field 'text' is missing: importing data failed", CauseClass::StructFields, Side::YourData),
        (
            "object storage: The requested range is not satisfiable (InvalidRange): importing data failed on server side",
            CauseClass::ObjectStorage,
            Side::Operator,
        ),
        ("failed to read imports/a.parquet: Access Denied: importing data failed on server side", CauseClass::AccessDenied, Side::Operator),
    ];
    for (reason, class, side) in cases {
        let t = explain_failure(reason);
        assert_eq!((t.class, t.side), (Some(class), Some(side)), "{reason}");
        assert!(!t.hint.is_empty() && !t.title.is_empty(), "{reason}");
        assert!(!t.hint.contains("maxConcurrentTaskNum"), "§12's names only: {}", t.hint);
    }
    // A file the reason names is still found.
    let nan = datanode("the value at row 7 of field 'vector' is not a number or infinity", &["imports/nan.parquet"]);
    check(&nan, Expect { class: CauseClass::NotANumber, files: &["imports/nan.parquet"], row: Some(7), field: Some("vector"), ..NONE });
}

/// 2100 is the data's fault and 2101 the server's (3.0 line); 1005–1012 are object storage's.
#[test]
fn the_2100_2101_split_and_the_storage_codes() {
    use milvus_import_monitor::job::triage::Side;
    use milvus_import_monitor::ApiError;
    // An unclassified reason: the 3.0 line's server-side wording says whose move it is.
    let server = explain_failure("failed to assign task: no available slot: importing data failed on server side");
    assert_eq!((server.class, server.side), (None, Some(Side::Operator)));
    assert_eq!(explain_failure("something odd: importing data failed").side, None, "2.4–2.6 used 2100 for both");
    assert_eq!(explain_failure("aborted by user").side, None);
    for (code, side) in [
        (2100, Some(Side::YourData)),
        (2101, Some(Side::Operator)),
        (1005, Some(Side::Operator)),
        (1012, Some(Side::Operator)),
        (1004, None),
    ] {
        assert_eq!(Side::of_code(code), side, "{code}");
    }
    let refused = ApiError::Milvus { code: 2101, message: "job 1 not found: importing data failed on server side".into() };
    assert!(refused.to_string().ends_with("(the server's side: ask its operator)"), "{refused}");
    let data = ApiError::Milvus { code: 2100, message: "l0 import is disabled".into() };
    assert!(data.to_string().contains("fix it and send it again"), "{data}");
}
