//! What differs between the server versions the stand-in imitates.

use std::fmt;

/// A server version (or Zilliz Cloud), chosen with `--profile`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    V2_4_0,
    V2_4_3,
    V2_4_5,
    /// The last release without `describe`: otherwise as 2.4.5 (the shared API page, §4).
    V2_4_12,
    V2_4_13,
    V2_5,
    V2_6,
    V2_6_6,
    /// The newest 2.6 release (shared API page, §11): 48 h retention, `Idempotency-Key`, the
    /// object-storage codes and the new create-time refusals.
    V2_6_24,
    V3_0,
    /// The newest 3.0 release: as 2.6.24, plus the widened abort.
    V3_0_2,
    Cloud,
}

/// How a file group is named in `details[].fileName`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileNameFormat {
    /// 2.4.0–2.4.4: protobuf text of the file record.
    ProtobufText,
    /// 2.4.5+: Go's `%v` of the path list.
    Bracketed,
    /// Zilliz Cloud.
    Plain,
}

/// The "parse job id failed" answer, per line (shared API page, §5).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParseErrorStyle {
    /// 2.4 / 2.5: code 2100, with Go's unformatted `%w` left in the text.
    Verb,
    /// 2.6: code 2100.
    Wrapped,
    /// The 3.0 line: code 1100, "invalid parameter".
    InvalidParameter,
}

/// Which phases show in `progress`, and their bands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bands {
    /// 2.4.0–2.4.12: writing rows 40–70, then held at 70 while the index builds, then 100.
    Early24,
    /// 2.4.13+: writing 40–70, index 70–90.
    Late24,
    /// 2.5 / 2.6 / 3.0: writing 40–70, sorting 70–80, index 80–90.
    Modern,
}

impl Profile {
    pub const ALL: [Profile; 12] = [
        Profile::V2_4_0,
        Profile::V2_4_3,
        Profile::V2_4_5,
        Profile::V2_4_12,
        Profile::V2_4_13,
        Profile::V2_5,
        Profile::V2_6,
        Profile::V2_6_6,
        Profile::V2_6_24,
        Profile::V3_0,
        Profile::V3_0_2,
        Profile::Cloud,
    ];

    pub fn parse(text: &str) -> Option<Profile> {
        Profile::ALL.into_iter().find(|p| p.name() == text)
    }

    pub fn name(self) -> &'static str {
        match self {
            Profile::V2_4_0 => "2.4.0",
            Profile::V2_4_3 => "2.4.3",
            Profile::V2_4_5 => "2.4.5",
            Profile::V2_4_12 => "2.4.12",
            Profile::V2_4_13 => "2.4.13",
            Profile::V2_5 => "2.5",
            Profile::V2_6 => "2.6",
            Profile::V2_6_6 => "2.6.6",
            Profile::V2_6_24 => "2.6.24",
            Profile::V3_0 => "3.0",
            Profile::V3_0_2 => "3.0.2",
            Profile::Cloud => "cloud",
        }
    }

    /// 2.4.0–2.4.2 answer success with code 200.
    pub fn success_code(self) -> i64 {
        if self == Profile::V2_4_0 {
            200
        } else {
            0
        }
    }

    pub fn file_name_format(self) -> FileNameFormat {
        match self {
            Profile::V2_4_0 | Profile::V2_4_3 => FileNameFormat::ProtobufText,
            Profile::Cloud => FileNameFormat::Plain,
            _ => FileNameFormat::Bracketed,
        }
    }

    /// `describe` exists from 2.4.13.
    pub fn has_describe(self) -> bool {
        !matches!(self, Profile::V2_4_0 | Profile::V2_4_3 | Profile::V2_4_5 | Profile::V2_4_12)
    }

    /// The 2.6 line.
    pub fn is_2_6_line(self) -> bool {
        matches!(self, Profile::V2_6 | Profile::V2_6_6 | Profile::V2_6_24)
    }

    /// The 3.0 line.
    pub fn is_3_0_line(self) -> bool {
        matches!(self, Profile::V3_0 | Profile::V3_0_2)
    }

    /// 2.6.24 and 3.0.2, the releases of §11.
    pub fn is_newest(self) -> bool {
        matches!(self, Profile::V2_6_24 | Profile::V3_0_2)
    }

    /// `X-Content-Type-Options: nosniff` on every response, from 2.6.
    pub fn sends_nosniff(self) -> bool {
        self.is_2_6_line() || self.is_3_0_line()
    }

    /// `dataCoord.import.taskRetention`'s default: 3 h, 48 h from 2.6.24 and 3.0.2.
    pub fn default_retention_secs(self) -> f64 {
        if self.is_newest() {
            172_800.0
        } else {
            10_800.0
        }
    }

    /// `create` remembers an `Idempotency-Key` (per collection, about 24 h): 2.6.24 and 3.0.2.
    pub fn remembers_idempotency_keys(self) -> bool {
        self.is_newest()
    }

    /// Abort again of a manual-commit job that failed by itself (to release a standby's copy):
    /// 3.0.2. (Abort in every state before `Committing` is the whole 3.0 line's, as the stand-in
    /// has always answered it.)
    pub fn widened_abort(self) -> bool {
        self == Profile::V3_0_2
    }

    /// The create-time refusals of §11 (auto_commit's value, replicating cluster, l0 import,
    /// internal and relative paths, repeated option keys): 2.6.24 and 3.0.2.
    pub fn refuses_newer_options(self) -> bool {
        self.is_newest()
    }

    /// CSV import from 2.5.
    pub fn reads_csv(self) -> bool {
        !matches!(self, Profile::V2_4_0 | Profile::V2_4_3 | Profile::V2_4_5 | Profile::V2_4_12 | Profile::V2_4_13)
    }

    /// `createTime` from 2.6.6.
    pub fn has_create_time(self) -> bool {
        matches!(self, Profile::V2_6_6 | Profile::V2_6_24) || self.is_3_0_line()
    }

    pub fn bands(self) -> Bands {
        match self {
            Profile::V2_4_0 | Profile::V2_4_3 | Profile::V2_4_5 | Profile::V2_4_12 => Bands::Early24,
            Profile::V2_4_13 => Bands::Late24,
            _ => Bands::Modern,
        }
    }

    /// `commit` / `abort` and manual-commit jobs: the 3.0 line.
    pub fn has_manual_commit(self) -> bool {
        self.is_3_0_line()
    }

    /// 2.6 creates the job record asynchronously.
    pub fn creates_asynchronously(self) -> bool {
        self.is_2_6_line()
    }

    /// On 2.4.0–2.4.4 asking for an unknown job crashes DataCoord (milvus#33671).
    pub fn crashes_on_unknown_job(self) -> bool {
        matches!(self, Profile::V2_4_0 | Profile::V2_4_3)
    }

    /// How a job ID that is not a number is refused.
    pub fn parse_error_style(self) -> ParseErrorStyle {
        match self {
            Profile::V2_6 | Profile::V2_6_6 | Profile::V2_6_24 => ParseErrorStyle::Wrapped,
            Profile::V3_0 | Profile::V3_0_2 => ParseErrorStyle::InvalidParameter,
            _ => ParseErrorStyle::Verb,
        }
    }

    /// The "does not exist" code: 2101 on the 3.0 line.
    pub fn not_found_code(self) -> i64 {
        if self.is_3_0_line() {
            2101
        } else {
            2100
        }
    }

    /// 2.4 answers a server-side timeout with plain text, 2.5.4+ with JSON.
    pub fn json_timeout(self) -> bool {
        !matches!(self, Profile::V2_4_0 | Profile::V2_4_3 | Profile::V2_4_5 | Profile::V2_4_12 | Profile::V2_4_13)
    }

    pub fn is_cloud(self) -> bool {
        self == Profile::Cloud
    }
}

impl fmt::Display for Profile {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(self.name())
    }
}
