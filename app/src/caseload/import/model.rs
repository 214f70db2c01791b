//! CSV import and export of a team's caseload: one row per active client, identified only by
//! its pseudonymous code.
//!
//! Parsing never stops at the first mistake: every data row comes back in an [`ImportPreview`]
//! with its line number, its cells and everything wrong with it, so a leader can fix the file in
//! one go. Only a file without any problem yields clients ([`ImportPreview::clients`]).
//!
//! The export writes what Dutch Excel expects (UTF-8 BOM, `;` between cells, Dutch headers) and
//! re-imports unchanged. Excel likes to rewrite dates as `5-1-2026` when it saves, which is why
//! the import also reads `DD-MM-YYYY` and `D-M-YYYY`.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::auth::model::UserId;
use crate::caseload::balance::model::DomainId;
use crate::caseload::model::{AvoidanceLevel, ClientCode, Weight};
use crate::error::FieldProblem;

/// At most this many data rows per file; a team's caseload is far smaller.
pub const MAX_ROWS: usize = 5_000;

const BOM: char = '\u{feff}';

/// The team data that names in the file are matched against.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ImportContext {
    /// The team's domains, matched by name, case-insensitively.
    pub domains: Vec<(DomainId, String)>,
    /// Who may be named as (second) professional, by email or exact display name.
    pub members: Vec<ImportMember>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ImportMember {
    pub user_id: UserId,
    pub email: String,
    pub display_name: String,
}

/// One row of the file, fully checked and resolved against the team.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImportedClient {
    pub code: ClientCode,
    pub weight: Weight,
    pub domains: Vec<DomainId>,
    pub primary: Option<UserId>,
    pub secondary: Option<UserId>,
    pub start: NaiveDate,
    pub avoidance: Option<AvoidanceLevel>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ImportColumn {
    Code,
    Weight,
    Domains,
    Primary,
    Secondary,
    Start,
    Avoidance,
}

impl ImportColumn {
    pub const ALL: [ImportColumn; 7] = [
        ImportColumn::Code,
        ImportColumn::Weight,
        ImportColumn::Domains,
        ImportColumn::Primary,
        ImportColumn::Secondary,
        ImportColumn::Start,
        ImportColumn::Avoidance,
    ];

    /// The header the export writes (Dutch, what the teams use).
    pub fn dutch_header(self) -> &'static str {
        match self {
            ImportColumn::Code => "code",
            ImportColumn::Weight => "zwaarte",
            ImportColumn::Domains => "domeinen",
            ImportColumn::Primary => "begeleider",
            ImportColumn::Secondary => "tweede begeleider",
            ImportColumn::Start => "start",
            ImportColumn::Avoidance => "zorgmijding",
        }
    }

    /// Columns a file must have. The others may be left out and then count as empty.
    pub fn is_required(self) -> bool {
        matches!(
            self,
            ImportColumn::Code | ImportColumn::Weight | ImportColumn::Start
        )
    }

    /// Recognises a header cell: Dutch or English, any case, ignoring spaces, `-` and `_`.
    pub fn from_header(cell: &str) -> Option<ImportColumn> {
        let key: String = cell
            .trim()
            .to_lowercase()
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-' && *c != '_')
            .collect();
        Some(match key.as_str() {
            "code" | "cliëntcode" | "clientcode" => ImportColumn::Code,
            "zwaarte" | "weight" => ImportColumn::Weight,
            "domeinen" | "domains" => ImportColumn::Domains,
            "begeleider" | "primary" => ImportColumn::Primary,
            "tweedebegeleider" | "secondary" => ImportColumn::Secondary,
            "start" => ImportColumn::Start,
            "zorgmijding" | "avoidance" => ImportColumn::Avoidance,
            _ => return None,
        })
    }
}

/// What is wrong with one data row. A row can have several.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum RowProblem {
    /// A required cell (code, weight, start) is empty.
    Missing(ImportColumn),
    InvalidCode(FieldProblem),
    /// The same code appeared before, on `first_line`.
    DuplicateCode {
        first_line: usize,
    },
    /// Not a whole number 1–5.
    WeightOutOfRange,
    /// No domain of the team has this name.
    UnknownDomain(String),
    /// No team member has this email or display name (or several share the display name).
    UnknownMember(ImportColumn, String),
    SameMemberTwice,
    /// Not `YYYY-MM-DD`, `DD-MM-YYYY` or `D-M-YYYY`, or no such day.
    InvalidDate,
    /// Care avoidance not a whole number 0–3.
    LevelOutOfRange,
    /// Text in a cell that has no column header.
    TooManyColumns,
}

/// Why the file as a whole cannot be read; then there are no rows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum FileProblem {
    /// No header, or a header and no clients.
    Empty,
    /// A header cell that is no known column, or a column named twice.
    UnknownColumn(String),
    MissingColumn(ImportColumn),
    /// Binary or garbled content, e.g. a spreadsheet saved as `.xlsx`.
    NotCsv,
    /// More than [`MAX_ROWS`] clients.
    TooManyRows,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PreviewRow {
    /// 1-based line in the file; the header is line 1.
    pub line: usize,
    /// The row's cells, trimmed, as they were in the file.
    pub raw: Vec<String>,
    /// Only when `problems` is empty.
    pub client: Option<ImportedClient>,
    pub problems: Vec<RowProblem>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImportPreview {
    pub file_problem: Option<FileProblem>,
    pub rows: Vec<PreviewRow>,
}

impl ImportPreview {
    fn file(problem: FileProblem) -> Self {
        ImportPreview {
            file_problem: Some(problem),
            rows: Vec::new(),
        }
    }

    /// No file problem and no row problem.
    pub fn is_clean(&self) -> bool {
        self.file_problem.is_none() && self.rows.iter().all(|r| r.problems.is_empty())
    }

    /// All clients in file order, but only when the whole file is clean; otherwise none, so a
    /// half-right file is never half imported.
    pub fn clients(&self) -> Vec<ImportedClient> {
        if !self.is_clean() {
            return Vec::new();
        }
        self.rows.iter().filter_map(|r| r.client.clone()).collect()
    }
}

/// Reads a caseload file and checks every row against the team. Never panics.
pub fn parse_caseload_csv(text: &str, ctx: &ImportContext) -> ImportPreview {
    let text = text.strip_prefix(BOM).unwrap_or(text);
    if text
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
    {
        return ImportPreview::file(FileProblem::NotCsv);
    }
    // Classic Mac line endings: make them count as lines.
    let normalised;
    let text = if text.contains('\r') && !text.contains('\n') {
        normalised = text.replace('\r', "\n");
        normalised.as_str()
    } else {
        text
    };

    let Some(header_line) = text.lines().find(|l| !l.trim().is_empty()) else {
        return ImportPreview::file(FileProblem::Empty);
    };
    let delimiter = detect_delimiter(header_line);

    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());

    let mut records = reader.records();
    let header = loop {
        match records.next() {
            None => return ImportPreview::file(FileProblem::Empty),
            Some(Err(_)) => return ImportPreview::file(FileProblem::NotCsv),
            Some(Ok(record)) if is_blank(&record) => continue,
            Some(Ok(record)) => break record,
        }
    };
    let columns = match read_header(&header) {
        Ok(columns) => columns,
        Err(problem) => return ImportPreview::file(problem),
    };

    let newlines: Vec<usize> = text.match_indices('\n').map(|(i, _)| i).collect();
    let lookup = Lookup::new(ctx);
    let mut seen_codes: HashMap<ClientCode, usize> = HashMap::new();
    let mut rows = Vec::new();
    for record in records {
        let Ok(record) = record else {
            return ImportPreview::file(FileProblem::NotCsv);
        };
        if is_blank(&record) {
            continue;
        }
        if rows.len() == MAX_ROWS {
            return ImportPreview::file(FileProblem::TooManyRows);
        }
        // The reader counts lines wrongly around CRLF and blank lines, and its byte offset is
        // where the previous record ended; the record starts after the line ends that follow.
        let line = record.position().map_or(0, |p| {
            let mut byte = usize::try_from(p.byte()).unwrap_or(usize::MAX);
            while matches!(text.as_bytes().get(byte), Some(b'\r' | b'\n')) {
                byte += 1;
            }
            1 + newlines.partition_point(|&n| n < byte)
        });
        let raw: Vec<String> = record
            .iter()
            .map(|c| restore_cell(c.trim()).trim().to_owned())
            .collect();
        rows.push(check_row(line, raw, &columns, &lookup, &mut seen_codes));
    }
    if rows.is_empty() {
        return ImportPreview::file(FileProblem::Empty);
    }
    ImportPreview {
        file_problem: None,
        rows,
    }
}

/// `;` (Dutch Excel) unless the header has more commas than semicolons.
fn detect_delimiter(header_line: &str) -> u8 {
    let (mut semicolons, mut commas, mut quoted) = (0usize, 0usize, false);
    for c in header_line.chars() {
        match c {
            '"' => quoted = !quoted,
            ';' if !quoted => semicolons += 1,
            ',' if !quoted => commas += 1,
            _ => {}
        }
    }
    if commas > semicolons { b',' } else { b';' }
}

fn is_blank(record: &csv::StringRecord) -> bool {
    record.iter().all(|c| c.trim().is_empty())
}

/// Which column each header cell is; `None` for empty header cells (Excel pads rows with empty
/// cells when something was once typed further right), whose cells must then stay empty.
fn read_header(header: &csv::StringRecord) -> Result<Vec<Option<ImportColumn>>, FileProblem> {
    let mut columns: Vec<Option<ImportColumn>> = Vec::with_capacity(header.len());
    for cell in header.iter() {
        let name = cell.trim();
        if name.is_empty() {
            columns.push(None);
            continue;
        }
        match ImportColumn::from_header(name) {
            Some(column) if !columns.contains(&Some(column)) => columns.push(Some(column)),
            // Unknown, or the same column twice (e.g. `code` and `cliëntcode`).
            _ => return Err(FileProblem::UnknownColumn(name.to_owned())),
        }
    }
    if let Some(missing) = ImportColumn::ALL
        .into_iter()
        .find(|c| c.is_required() && !columns.contains(&Some(*c)))
    {
        return Err(FileProblem::MissingColumn(missing));
    }
    Ok(columns)
}

/// The team's domains and members, keyed by lowercase name.
struct Lookup<'a> {
    domains: Vec<(String, DomainId)>,
    members: &'a [ImportMember],
}

impl<'a> Lookup<'a> {
    fn new(ctx: &'a ImportContext) -> Self {
        Lookup {
            domains: ctx
                .domains
                .iter()
                .map(|(id, name)| (name.trim().to_lowercase(), *id))
                .collect(),
            members: &ctx.members,
        }
    }

    fn domain(&self, name: &str) -> Option<DomainId> {
        let key = name.to_lowercase();
        self.domains
            .iter()
            .find(|(n, _)| *n == key)
            .map(|(_, id)| *id)
    }

    /// By email first; otherwise by display name, if exactly one member has it.
    fn member(&self, text: &str) -> Option<UserId> {
        let key = text.to_lowercase();
        if let Some(m) = self
            .members
            .iter()
            .find(|m| m.email.trim().to_lowercase() == key)
        {
            return Some(m.user_id);
        }
        let mut by_name = self
            .members
            .iter()
            .filter(|m| m.display_name.trim().to_lowercase() == key);
        match (by_name.next(), by_name.next()) {
            (Some(m), None) => Some(m.user_id),
            _ => None,
        }
    }
}

fn check_row(
    line: usize,
    raw: Vec<String>,
    columns: &[Option<ImportColumn>],
    lookup: &Lookup,
    seen_codes: &mut HashMap<ClientCode, usize>,
) -> PreviewRow {
    let cell = |column: ImportColumn| -> &str {
        columns
            .iter()
            .position(|c| *c == Some(column))
            .and_then(|i| raw.get(i))
            .map_or("", String::as_str)
    };
    let mut problems = Vec::new();

    if raw
        .iter()
        .enumerate()
        .any(|(i, text)| !text.is_empty() && columns.get(i).copied().flatten().is_none())
    {
        problems.push(RowProblem::TooManyColumns);
    }

    let code = match cell(ImportColumn::Code) {
        "" => {
            problems.push(RowProblem::Missing(ImportColumn::Code));
            None
        }
        text => match ClientCode::parse("code", text) {
            Ok(code) => {
                if let Some(first_line) = seen_codes.get(&code) {
                    problems.push(RowProblem::DuplicateCode {
                        first_line: *first_line,
                    });
                } else {
                    seen_codes.insert(code.clone(), line);
                }
                Some(code)
            }
            Err(err) => {
                let problem = err.at_field("code").unwrap_or(FieldProblem::InvalidCode);
                problems.push(RowProblem::InvalidCode(problem));
                None
            }
        },
    };

    let weight = match cell(ImportColumn::Weight) {
        "" => {
            problems.push(RowProblem::Missing(ImportColumn::Weight));
            None
        }
        text => {
            let weight = text.parse::<u8>().ok().and_then(Weight::new);
            if weight.is_none() {
                problems.push(RowProblem::WeightOutOfRange);
            }
            weight
        }
    };

    let mut domains = Vec::new();
    for name in cell(ImportColumn::Domains)
        .split([',', '|'])
        .map(str::trim)
        .filter(|n| !n.is_empty())
    {
        match lookup.domain(name) {
            Some(id) if !domains.contains(&id) => domains.push(id),
            Some(_) => {}
            None => problems.push(RowProblem::UnknownDomain(name.to_owned())),
        }
    }

    let mut member = |column: ImportColumn| match cell(column) {
        "" => None,
        text => {
            let id = lookup.member(text);
            if id.is_none() {
                problems.push(RowProblem::UnknownMember(column, text.to_owned()));
            }
            id
        }
    };
    let primary = member(ImportColumn::Primary);
    let secondary = member(ImportColumn::Secondary);
    if primary.is_some() && primary == secondary {
        problems.push(RowProblem::SameMemberTwice);
    }

    let start = match cell(ImportColumn::Start) {
        "" => {
            problems.push(RowProblem::Missing(ImportColumn::Start));
            None
        }
        text => {
            let date = parse_date(text);
            if date.is_none() {
                problems.push(RowProblem::InvalidDate);
            }
            date
        }
    };

    let avoidance = match cell(ImportColumn::Avoidance) {
        "" => None,
        text => {
            let level = text.parse::<u8>().ok().and_then(level_from_number);
            if level.is_none() {
                problems.push(RowProblem::LevelOutOfRange);
            }
            level
        }
    };

    let client = match (code, weight, start) {
        (Some(code), Some(weight), Some(start)) if problems.is_empty() => Some(ImportedClient {
            code,
            weight,
            domains,
            primary,
            secondary,
            start,
            avoidance,
        }),
        _ => None,
    };
    PreviewRow {
        line,
        raw,
        client,
        problems,
    }
}

/// `YYYY-MM-DD`, or day first as Dutch spreadsheets write it: `DD-MM-YYYY`, `D-M-YYYY`.
/// Slashes are refused on purpose: `03/04/2026` is 4 March in an English Excel.
fn parse_date(text: &str) -> Option<NaiveDate> {
    let parts: Vec<&str> = text.split('-').collect();
    let [a, b, c] = parts.as_slice() else {
        return None;
    };
    let number = |s: &str, lengths: &[usize]| -> Option<u32> {
        (lengths.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let (year, month, day) = if a.len() == 4 {
        (number(a, &[4])?, number(b, &[1, 2])?, number(c, &[1, 2])?)
    } else {
        (number(c, &[4])?, number(b, &[1, 2])?, number(a, &[1, 2])?)
    };
    NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)
}

/// Care avoidance as written in the file: 0 none, 1 some, 2 considerable, 3 strong.
fn level_from_number(number: u8) -> Option<AvoidanceLevel> {
    match number {
        0 => Some(AvoidanceLevel::None),
        1 => Some(AvoidanceLevel::Some),
        2 => Some(AvoidanceLevel::Considerable),
        3 => Some(AvoidanceLevel::Strong),
        _ => None,
    }
}

fn level_to_number(level: AvoidanceLevel) -> u8 {
    match level {
        AvoidanceLevel::None => 0,
        AvoidanceLevel::Some => 1,
        AvoidanceLevel::Considerable => 2,
        AvoidanceLevel::Strong => 3,
    }
}

/// One client as the export writes it: names, not ids.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportRow {
    pub code: String,
    pub weight: u8,
    /// Domain names. A name containing `,` or `|` would not re-import as one domain.
    pub domains: Vec<String>,
    /// Email address.
    pub primary: Option<String>,
    /// Email address.
    pub secondary: Option<String>,
    pub start: NaiveDate,
    pub avoidance: Option<AvoidanceLevel>,
}

/// The caseload as Dutch Excel opens it in columns: UTF-8 BOM, `;` between cells, Dutch
/// headers, CRLF line ends, domains joined with `, `, dates `YYYY-MM-DD`.
pub fn export_caseload_csv(rows: &[ExportRow]) -> String {
    let mut out = String::new();
    out.push(BOM);
    let header: Vec<&str> = ImportColumn::ALL.iter().map(|c| c.dutch_header()).collect();
    write_line(&mut out, &header);
    for row in rows {
        let weight = row.weight.to_string();
        let domains = row.domains.join(", ");
        let start = row.start.format("%Y-%m-%d").to_string();
        let avoidance = row
            .avoidance
            .map(|l| level_to_number(l).to_string())
            .unwrap_or_default();
        write_line(
            &mut out,
            &[
                &row.code,
                &weight,
                &domains,
                row.primary.as_deref().unwrap_or(""),
                row.secondary.as_deref().unwrap_or(""),
                &start,
                &avoidance,
            ],
        );
    }
    out
}

/// Spreadsheet programs run a cell that begins with one of these as a formula.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A cell a spreadsheet would run as a formula gets a leading apostrophe, which spreadsheets
/// show as text (OWASP, CSV injection). A domain name or code may begin with `=` or `-`.
pub fn neutralise_cell(cell: &str) -> std::borrow::Cow<'_, str> {
    // A cell that itself begins with an apostrophe gets one too, so import can tell them apart.
    if cell.starts_with(FORMULA_STARTS) || cell.starts_with('\'') {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// Undoes [`neutralise_cell`] on import, so an exported file imports back unchanged.
fn restore_cell(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(FORMULA_STARTS) || rest.starts_with('\'') => rest,
        _ => cell,
    }
}

fn write_line(out: &mut String, cells: &[&str]) {
    for (i, cell) in cells.iter().enumerate() {
        if i > 0 {
            out.push(';');
        }
        let cell = neutralise_cell(cell);
        if cell.contains([';', '"', '\n', '\r']) {
            out.push('"');
            out.push_str(&cell.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(&cell);
        }
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const LVB: DomainId = DomainId(11);
    const SCHULDEN: DomainId = DomainId(12);
    const TRAUMA: DomainId = DomainId(13);
    const SANNE: UserId = UserId(2);
    const YOUSSEF: UserId = UserId(3);

    fn ctx() -> ImportContext {
        ImportContext {
            domains: vec![
                (LVB, "LVB".into()),
                (SCHULDEN, "schulden".into()),
                (TRAUMA, "Trauma".into()),
            ],
            members: vec![
                ImportMember {
                    user_id: UserId(1),
                    email: "medewerker@linde.demo".into(),
                    display_name: "Mila Medewerker".into(),
                },
                ImportMember {
                    user_id: SANNE,
                    email: "sanne@linde.demo".into(),
                    display_name: "Sanne de Vries".into(),
                },
                ImportMember {
                    user_id: YOUSSEF,
                    email: "Youssef@Linde.demo".into(),
                    display_name: "Youssef El Amrani".into(),
                },
            ],
        }
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    const DUTCH_HEADER: &str =
        "code;zwaarte;domeinen;begeleider;tweede begeleider;start;zorgmijding";

    /// The problems of the only data row, after the Dutch header.
    fn row_problems(row: &str) -> Vec<RowProblem> {
        let preview = parse_caseload_csv(&format!("{DUTCH_HEADER}\n{row}\n"), &ctx());
        assert_eq!(preview.file_problem, None);
        assert_eq!(preview.rows.len(), 1);
        let row = &preview.rows[0];
        assert_eq!(row.client.is_some(), row.problems.is_empty());
        row.problems.clone()
    }

    fn file_problem(text: &str) -> Option<FileProblem> {
        let preview = parse_caseload_csv(text, &ctx());
        if preview.file_problem.is_some() {
            assert!(preview.rows.is_empty());
            assert!(!preview.is_clean());
        }
        preview.file_problem
    }

    #[test]
    fn dutch_header_and_semicolons() {
        let text = format!(
            "{DUTCH_HEADER}\n\
             k-2001;3;LVB, schulden;sanne@linde.demo;youssef el amrani;2026-01-05;2\n\
             K-2002;1;;;;5-1-2026;\n"
        );
        let preview = parse_caseload_csv(&text, &ctx());
        assert!(preview.is_clean(), "{preview:?}");
        assert_eq!(
            preview.clients(),
            vec![
                ImportedClient {
                    code: ClientCode::parse("code", "K-2001").unwrap(),
                    weight: Weight::new(3).unwrap(),
                    domains: vec![LVB, SCHULDEN],
                    primary: Some(SANNE),
                    secondary: Some(YOUSSEF),
                    start: date(2026, 1, 5),
                    avoidance: Some(AvoidanceLevel::Considerable),
                },
                ImportedClient {
                    code: ClientCode::parse("code", "K-2002").unwrap(),
                    weight: Weight::new(1).unwrap(),
                    domains: vec![],
                    primary: None,
                    secondary: None,
                    start: date(2026, 1, 5),
                    avoidance: None,
                },
            ]
        );
        assert_eq!(preview.rows[0].line, 2);
        assert_eq!(preview.rows[1].line, 3);
        assert_eq!(
            preview.rows[1].raw,
            vec!["K-2002", "1", "", "", "", "5-1-2026", ""]
        );
    }

    #[test]
    fn english_header_commas_quoted_domains_any_order() {
        let text = "Start,Weight,ClientCode,Domains,Primary,Avoidance,Secondary\r\n\
                    2026-02-01,4,K-1,\"lvb, TRAUMA\",MEDEWERKER@linde.demo,0,\r\n\
                    2026-02-02,2,K-2,schulden|lvb,,,\r\n";
        let preview = parse_caseload_csv(text, &ctx());
        assert!(preview.is_clean(), "{preview:?}");
        let clients = preview.clients();
        assert_eq!(clients[0].domains, vec![LVB, TRAUMA]);
        assert_eq!(clients[0].primary, Some(UserId(1)));
        assert_eq!(clients[0].avoidance, Some(AvoidanceLevel::None));
        assert_eq!(clients[0].start, date(2026, 2, 1));
        assert_eq!(clients[1].domains, vec![SCHULDEN, LVB]);
        assert_eq!(clients[1].primary, None);
    }

    #[test]
    fn optional_columns_may_be_left_out_and_cells_are_trimmed() {
        let text = "Cliëntcode ; ZWAARTE ; Start\n  K-7 ;  5 ; 31-12-2025  \n";
        let preview = parse_caseload_csv(text, &ctx());
        assert!(preview.is_clean(), "{preview:?}");
        assert_eq!(preview.clients()[0].start, date(2025, 12, 31));
        assert_eq!(preview.clients()[0].weight.points(), 5);
    }

    #[test]
    fn bom_blank_lines_and_line_numbers() {
        let text = format!(
            "\u{feff}{DUTCH_HEADER}\n\nK-1;2;;;;2026-01-01;\n;;;;;;\n\nK-2;9;;;;2026-01-01;\n"
        );
        let preview = parse_caseload_csv(&text, &ctx());
        assert_eq!(preview.file_problem, None);
        let lines: Vec<usize> = preview.rows.iter().map(|r| r.line).collect();
        assert_eq!(lines, vec![3, 6]);
        assert_eq!(preview.rows[0].raw[0], "K-1");
        assert_eq!(preview.rows[1].problems, vec![RowProblem::WeightOutOfRange]);
        assert!(!preview.is_clean());
        assert!(preview.clients().is_empty());
    }

    #[test]
    fn classic_mac_line_endings_count_as_lines() {
        let text = format!("{DUTCH_HEADER}\rK-1;2;;;;2026-01-01;\rK-2;2;;;;2026-01-01;\r");
        let preview = parse_caseload_csv(&text, &ctx());
        assert!(preview.is_clean());
        assert_eq!(preview.rows[1].line, 3);
    }

    #[test]
    fn dates_in_three_shapes() {
        assert_eq!(parse_date("2026-03-04"), Some(date(2026, 3, 4)));
        assert_eq!(parse_date("2026-3-4"), Some(date(2026, 3, 4)));
        assert_eq!(parse_date("04-03-2026"), Some(date(2026, 3, 4)));
        assert_eq!(parse_date("4-3-2026"), Some(date(2026, 3, 4)));
        for bad in [
            "4/3/2026",
            "2026-02-30",
            "31-4-2026",
            "26-3-4",
            "2026-03",
            "+2026-03-04",
            "2026-03-04 00:00",
            "",
            "4-3-2026-1",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn each_row_problem() {
        assert_eq!(
            row_problems(";;;;;;2"),
            vec![
                RowProblem::Missing(ImportColumn::Code),
                RowProblem::Missing(ImportColumn::Weight),
                RowProblem::Missing(ImportColumn::Start),
            ]
        );
        assert_eq!(
            row_problems("111222333;2;;;;2026-01-01;"),
            vec![RowProblem::InvalidCode(FieldProblem::IdentifyingDetail)]
        );
        assert_eq!(
            row_problems("jan@example.org;2;;;;2026-01-01;"),
            vec![RowProblem::InvalidCode(FieldProblem::IdentifyingDetail)]
        );
        assert_eq!(
            row_problems("Jan Jansen;2;;;;2026-01-01;"),
            vec![RowProblem::InvalidCode(FieldProblem::InvalidCode)]
        );
        for weight in ["0", "6", "7", "2.5", "drie", "-1", "300"] {
            assert_eq!(
                row_problems(&format!("K-1;{weight};;;;2026-01-01;")),
                vec![RowProblem::WeightOutOfRange],
                "{weight}"
            );
        }
        assert_eq!(
            row_problems("K-1;2;LVB, verslaving | trauma;;;2026-01-01;"),
            vec![RowProblem::UnknownDomain("verslaving".into())]
        );
        assert_eq!(
            row_problems("K-1;2;;piet@linde.demo;Sanne;2026-01-01;"),
            vec![
                RowProblem::UnknownMember(ImportColumn::Primary, "piet@linde.demo".into()),
                RowProblem::UnknownMember(ImportColumn::Secondary, "Sanne".into()),
            ]
        );
        assert_eq!(
            row_problems("K-1;2;;sanne@linde.demo;SANNE DE VRIES;2026-01-01;"),
            vec![RowProblem::SameMemberTwice]
        );
        assert_eq!(
            row_problems("K-1;2;;;;2026/01/01;"),
            vec![RowProblem::InvalidDate]
        );
        for level in ["4", "-1", "hoog", "1.5"] {
            assert_eq!(
                row_problems(&format!("K-1;2;;;;2026-01-01;{level}")),
                vec![RowProblem::LevelOutOfRange],
                "{level}"
            );
        }
        assert_eq!(
            row_problems("K-1;2;;;;2026-01-01;;extra"),
            vec![RowProblem::TooManyColumns]
        );
        // Empty trailing cells beyond the header are fine.
        assert_eq!(row_problems("K-1;2;;;;2026-01-01;;;"), vec![]);
    }

    #[test]
    fn duplicate_codes_point_at_the_first() {
        let text = format!(
            "{DUTCH_HEADER}\nK-1;2;;;;2026-01-01;\nK-2;2;;;;2026-01-01;\nk-1;3;;;;2026-01-01;\n"
        );
        let preview = parse_caseload_csv(&text, &ctx());
        assert_eq!(preview.rows[0].problems, vec![]);
        assert_eq!(
            preview.rows[2].problems,
            vec![RowProblem::DuplicateCode { first_line: 2 }]
        );
        assert!(preview.clients().is_empty());
    }

    #[test]
    fn ambiguous_display_names_match_nobody() {
        let mut ctx = ctx();
        ctx.members.push(ImportMember {
            user_id: UserId(9),
            email: "sanne2@linde.demo".into(),
            display_name: "Sanne de Vries".into(),
        });
        let preview = parse_caseload_csv(
            "code;zwaarte;start;begeleider\nK-1;2;2026-01-01;Sanne de Vries\n",
            &ctx,
        );
        assert_eq!(
            preview.rows[0].problems,
            vec![RowProblem::UnknownMember(
                ImportColumn::Primary,
                "Sanne de Vries".into()
            )]
        );
    }

    #[test]
    fn a_formula_in_a_domain_name_is_exported_as_text() {
        let row = ExportRow {
            code: "-K1".into(),
            weight: 2,
            domains: vec!["=HYPERLINK(\"http://x\")".into(), "LVB".into()],
            primary: Some("@a@b.nl".into()),
            secondary: None,
            start: date(2026, 1, 5),
            avoidance: None,
        };
        let csv = export_caseload_csv(&[row]);
        let line = csv.lines().nth(1).unwrap();
        for cell in line.split(';') {
            let cell = cell.trim_start_matches('"');
            assert!(!cell.starts_with(FORMULA_STARTS), "{cell:?} in {line:?}");
        }
        assert!(line.starts_with("'-K1;"), "{line}");
    }

    #[test]
    fn cells_under_an_empty_header_must_stay_empty() {
        let preview = parse_caseload_csv(
            "code;zwaarte;;start\nK-1;2;;2026-01-01\nK-2;2;x;2026-01-01\n",
            &ctx(),
        );
        assert_eq!(preview.rows[0].problems, vec![]);
        assert_eq!(preview.rows[1].problems, vec![RowProblem::TooManyColumns]);
    }

    #[test]
    fn each_file_problem() {
        assert_eq!(file_problem(""), Some(FileProblem::Empty));
        assert_eq!(file_problem("\u{feff}\n \n;;\n"), Some(FileProblem::Empty));
        assert_eq!(file_problem(DUTCH_HEADER), Some(FileProblem::Empty));
        assert_eq!(
            file_problem(&format!("{DUTCH_HEADER}\n;;;;;;\n\n")),
            Some(FileProblem::Empty)
        );
        assert_eq!(
            file_problem("code;zwaarte;domeinen;begeleidster;start\nK-1;2;;;2026-01-01\n"),
            Some(FileProblem::UnknownColumn("begeleidster".into()))
        );
        assert_eq!(
            file_problem("code;cliëntcode;zwaarte;start\n"),
            Some(FileProblem::UnknownColumn("cliëntcode".into()))
        );
        assert_eq!(
            file_problem("code;domeinen;start\nK-1;;2026-01-01\n"),
            Some(FileProblem::MissingColumn(ImportColumn::Weight))
        );
        assert_eq!(
            file_problem("code,weight\nK-1,2\n"),
            Some(FileProblem::MissingColumn(ImportColumn::Start))
        );
        assert_eq!(
            file_problem("PK\u{3}\u{4}\u{14}\0\0\0binary"),
            Some(FileProblem::NotCsv)
        );
        let mut big = format!("{DUTCH_HEADER}\n");
        for i in 0..MAX_ROWS {
            big.push_str(&format!("K-{i};2;;;;2026-01-01;\n"));
        }
        assert_eq!(file_problem(&big), None);
        big.push_str("K-X;2;;;;2026-01-01;\n");
        assert_eq!(file_problem(&big), Some(FileProblem::TooManyRows));
    }

    #[test]
    fn export_is_what_dutch_excel_expects() {
        let csv = export_caseload_csv(&[
            ExportRow {
                code: "K-2001".into(),
                weight: 3,
                domains: vec!["LVB".into(), "schulden".into()],
                primary: Some("sanne@linde.demo".into()),
                secondary: None,
                start: date(2026, 1, 5),
                avoidance: Some(AvoidanceLevel::Strong),
            },
            ExportRow {
                code: "K-2002".into(),
                weight: 1,
                domains: vec!["zorg; en welzijn".into()],
                primary: None,
                secondary: None,
                start: date(2025, 11, 30),
                avoidance: None,
            },
        ]);
        assert_eq!(
            csv,
            "\u{feff}code;zwaarte;domeinen;begeleider;tweede begeleider;start;zorgmijding\r\n\
             K-2001;3;LVB, schulden;sanne@linde.demo;;2026-01-05;3\r\n\
             K-2002;1;\"zorg; en welzijn\";;;2025-11-30;\r\n"
        );
        assert_eq!(
            export_caseload_csv(&[]),
            "\u{feff}code;zwaarte;domeinen;begeleider;tweede begeleider;start;zorgmijding\r\n"
        );
    }

    #[test]
    fn the_demo_fixtures_read_as_intended() {
        let names = [
            "LVB",
            "psychiatrie",
            "verslaving",
            "schulden",
            "huisvesting",
            "opvoeding",
            "trauma",
            "somatiek",
        ];
        let ctx = ImportContext {
            domains: names
                .iter()
                .enumerate()
                .map(|(i, n)| (DomainId(i as i64 + 1), n.to_string()))
                .collect(),
            members: ["medewerker", "sanne", "youssef"]
                .iter()
                .enumerate()
                .map(|(i, n)| ImportMember {
                    user_id: UserId(i as i64 + 1),
                    email: format!("{n}@linde.demo"),
                    display_name: n.to_string(),
                })
                .collect(),
        };
        let good = parse_caseload_csv(
            include_str!("../../../../end2end/fixtures/caseload-goed.csv"),
            &ctx,
        );
        assert!(good.is_clean(), "{good:?}");
        assert_eq!(good.clients().len(), 8);
        let bad = parse_caseload_csv(
            include_str!("../../../../end2end/fixtures/caseload-met-fout.csv"),
            &ctx,
        );
        let wrong: Vec<(usize, &[RowProblem])> = bad
            .rows
            .iter()
            .filter(|r| !r.problems.is_empty())
            .map(|r| (r.line, r.problems.as_slice()))
            .collect();
        assert_eq!(wrong, vec![(5, &[RowProblem::WeightOutOfRange][..])]);
    }

    const LEVELS: [AvoidanceLevel; 4] = [
        AvoidanceLevel::None,
        AvoidanceLevel::Some,
        AvoidanceLevel::Considerable,
        AvoidanceLevel::Strong,
    ];

    #[derive(Debug, Clone)]
    struct Team {
        domains: Vec<String>,
        emails: Vec<String>,
    }

    fn team() -> impl Strategy<Value = Team> {
        (
            proptest::collection::btree_set("[a-z][a-z ]{0,12}[a-z]", 1..8),
            proptest::collection::btree_set("[a-z][a-z.]{0,8}@[a-z]{1,8}\\.demo", 1..6),
        )
            .prop_map(|(domains, emails)| Team {
                domains: domains.into_iter().collect(),
                emails: emails.into_iter().collect(),
            })
    }

    #[derive(Debug, Clone)]
    struct Row {
        weight: u8,
        domains: Vec<usize>,
        primary: Option<usize>,
        secondary: Option<usize>,
        start_days: i64,
        avoidance: Option<usize>,
    }

    fn row() -> impl Strategy<Value = Row> {
        (
            1u8..=5,
            proptest::collection::btree_set(0usize..8, 0..4),
            proptest::option::of(0usize..6),
            proptest::option::of(0usize..6),
            0i64..20_000,
            proptest::option::of(0usize..4),
        )
            .prop_map(
                |(weight, domains, primary, secondary, start_days, avoidance)| Row {
                    weight,
                    domains: domains.into_iter().collect(),
                    primary,
                    secondary,
                    start_days,
                    avoidance,
                },
            )
    }

    proptest! {
        #[test]
        fn no_exported_cell_starts_a_formula_and_import_restores_it(cell in "[=+@\t\r'a-z-]{0,3}[ -~]{0,10}") {
            let written = neutralise_cell(&cell);
            prop_assert!(!written.starts_with(FORMULA_STARTS), "{:?}", written);
            prop_assert_eq!(restore_cell(&written), cell.as_str());
        }

        #[test]
        fn export_then_import_gives_the_same_caseload(
            team in team(),
            rows in proptest::collection::vec(row(), 1..30),
            codes in proptest::collection::btree_set("[A-Z0-9-][A-Z0-9_-]{0,12}", 30),
            capitalise in any::<bool>(),
        ) {
            let ctx = ImportContext {
                domains: team.domains.iter().enumerate()
                    .map(|(i, n)| (DomainId(100 + i as i64), if capitalise { n.to_uppercase() } else { n.clone() }))
                    .collect(),
                members: team.emails.iter().enumerate()
                    .map(|(i, e)| ImportMember { user_id: UserId(i as i64), email: e.clone(), display_name: format!("Lid {i}") })
                    .collect(),
            };
            let codes: Vec<String> = codes.into_iter().collect();
            let epoch = date(1990, 1, 1);
            let mut export = Vec::new();
            let mut expected = Vec::new();
            for (i, r) in rows.iter().enumerate() {
                let mut domains: Vec<usize> = Vec::new();
                for d in r.domains.iter().map(|d| d % team.domains.len()) {
                    if !domains.contains(&d) {
                        domains.push(d);
                    }
                }
                let primary = r.primary.map(|m| m % team.emails.len());
                let secondary = r.secondary.map(|m| m % team.emails.len()).filter(|s| Some(*s) != primary);
                let start = epoch + chrono::Duration::days(r.start_days);
                let avoidance = r.avoidance.map(|l| LEVELS[l]);
                export.push(ExportRow {
                    code: codes[i].clone(),
                    weight: r.weight,
                    domains: domains.iter().map(|d| team.domains[*d].clone()).collect(),
                    primary: primary.map(|m| team.emails[m].clone()),
                    secondary: secondary.map(|m| team.emails[m].clone()),
                    start,
                    avoidance,
                });
                expected.push(ImportedClient {
                    code: ClientCode::parse("code", &codes[i]).unwrap(),
                    weight: Weight::new(r.weight).unwrap(),
                    domains: domains.iter().map(|d| DomainId(100 + *d as i64)).collect(),
                    primary: primary.map(|m| UserId(m as i64)),
                    secondary: secondary.map(|m| UserId(m as i64)),
                    start,
                    avoidance,
                });
            }
            let preview = parse_caseload_csv(&export_caseload_csv(&export), &ctx);
            prop_assert!(preview.is_clean(), "{:?}", preview);
            prop_assert_eq!(preview.clients(), expected);
            let lines: Vec<usize> = preview.rows.iter().map(|r| r.line).collect();
            prop_assert_eq!(lines, (2..rows.len() + 2).collect::<Vec<_>>());
        }

        #[test]
        fn any_text_is_read_without_panicking(text in ".{0,400}") {
            let preview = parse_caseload_csv(&text, &ctx());
            prop_assert!(preview.rows.iter().all(|r| r.client.is_some() == r.problems.is_empty()));
        }

        #[test]
        fn csv_like_text_is_read_without_panicking(
            header in proptest::sample::select(vec![DUTCH_HEADER, "start,weight,code,domains,primary", "\u{feff}code;zwaarte;start;;"]),
            body in "[A-Za-z0-9;,|\"' \\-\r\n@.\u{feff}ë]{0,400}",
        ) {
            let text = format!("{header}\n{body}");
            let preview = parse_caseload_csv(&text, &ctx());
            prop_assert!(preview.file_problem.is_some() || !preview.rows.is_empty());
            let lines: Vec<&str> = text.split('\n').collect();
            for row in &preview.rows {
                prop_assert!(row.line >= 2);
                // The line number points at the line where the row starts.
                prop_assert!(lines.get(row.line - 1).is_some_and(|l| !l.trim().is_empty()), "line {}", row.line);
                prop_assert_eq!(row.client.is_some(), row.problems.is_empty());
            }
            prop_assert_eq!(preview.is_clean(), preview.clients().len() == preview.rows.len() && preview.file_problem.is_none());
        }
    }
}
