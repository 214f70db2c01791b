//! What the caseload pages receive, and the parsing of what they send. Pure; compiled for the
//! browser too. Input is parsed here, at the edge, into types that can only hold valid values.

use crate::shared::ids::PersonalLimitId;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::auth::model::{TeamId, UserId};
use crate::caseload::balance::intake::IntakeAdvice;
use crate::caseload::balance::model::{
    ClientId, DomainId, MemberFigures, PersonalLimitKind, TeamPolicy, TeamTotals,
};
use crate::caseload::balance::rebalance::RebalancePlan;
use crate::caseload::model::{AssignmentRole, AvoidanceLevel, ClientCode, Perspective, Weight};
use crate::error::{AppError, FieldProblem};
use crate::shared::parse::parse_date;
use crate::shared::privacy::contains_identifying_detail;
use crate::teams::limits::TeamLimit;

pub const NOTE_MAX: usize = 280;
pub const DOMAIN_NAME_MAX: usize = 40;

/// The seed list every new team starts with; teams extend it themselves.
pub const SEED_DOMAINS: [&str; 8] = [
    "LVB",
    "psychiatrie",
    "verslaving",
    "schulden",
    "huisvesting",
    "opvoeding",
    "trauma",
    "somatiek",
];

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamRef {
    pub id: TeamId,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    pub id: UserId,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Domain {
    pub id: DomainId,
    pub name: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ClientStatus {
    Active,
    Closed,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClientRow {
    pub id: ClientId,
    pub code: String,
    pub weight: u8,
    pub domains: Vec<String>,
    pub avoidance: Option<AvoidanceLevel>,
    pub primary: Option<Person>,
    pub secondary: Option<Person>,
    pub start: NaiveDate,
    pub status: ClientStatus,
}

/// A personal limit as its owner sees it, with the domain named.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LimitView {
    pub id: PersonalLimitId,
    pub kind: PersonalLimitKind,
    pub domain_name: Option<String>,
    pub max: u32,
    pub count: u32,
    pub shared: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseloadOverview {
    pub team: TeamRef,
    pub teams: Vec<TeamRef>,
    pub figures: MemberFigures,
    /// The load ceiling under the team limit, if the team set one.
    pub ceiling: Option<f64>,
    pub clients: Vec<ClientRow>,
    pub domains: Vec<Domain>,
    pub limits: Vec<LimitView>,
    pub policy: TeamPolicy,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BalanceRow {
    pub person: Person,
    pub fte: f64,
    pub capacity_override: Option<f64>,
    pub ceiling: Option<f64>,
    pub figures: MemberFigures,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MoveView {
    pub client: ClientId,
    pub code: String,
    pub avoidance: Option<AvoidanceLevel>,
    pub months_together: u32,
    pub from: Person,
    pub to: Person,
    pub cost: f64,
    pub to_was_secondary: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanView {
    pub moves: Vec<MoveView>,
    pub plan: RebalancePlan,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BalanceOverview {
    pub team: TeamRef,
    pub leads: bool,
    pub rows: Vec<BalanceRow>,
    pub totals: TeamTotals,
    pub policy: TeamPolicy,
    pub limits: Vec<TeamLimit>,
    pub members_see_balance: bool,
    pub domains: Vec<Domain>,
    /// Only for the leader.
    pub plan: Option<PlanView>,
    /// Shared personal limits, named, per member: only for the leader.
    pub shared_limits: Vec<(UserId, LimitView)>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ObservationRow {
    pub observed_on: NaiveDate,
    pub level: AvoidanceLevel,
    pub perspective: Perspective,
    pub note: String,
    pub recorded_by: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AssignmentRow {
    pub person: Person,
    pub role: AssignmentRole,
    pub from: NaiveDate,
    pub to: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClientFile {
    pub team: TeamRef,
    pub client: ClientRow,
    pub note: String,
    pub end: Option<NaiveDate>,
    pub domain_ids: Vec<DomainId>,
    pub observations: Vec<ObservationRow>,
    pub history: Vec<AssignmentRow>,
    pub leads: bool,
    pub members: Vec<Person>,
    pub domains: Vec<Domain>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClientList {
    pub team: TeamRef,
    pub clients: Vec<ClientRow>,
    pub members: Vec<Person>,
    pub domains: Vec<Domain>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IntakeResult {
    pub advice: Vec<(Person, IntakeAdvice)>,
    pub domains: Vec<Domain>,
}

/// The outcome of applying an import: nothing changes for clients already as in the file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportOutcome {
    pub created: u32,
    pub updated: u32,
    pub unchanged: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImportCheck {
    pub preview: crate::caseload::import::model::ImportPreview,
    /// Set when the file was clean and has been applied.
    pub applied: Option<ImportOutcome>,
}

/// A new client, fully validated.
#[derive(Debug, Clone, PartialEq)]
pub struct NewClient {
    pub code: ClientCode,
    pub weight: Weight,
    pub domains: Vec<DomainId>,
    pub start: NaiveDate,
    pub primary: Option<UserId>,
    pub secondary: Option<UserId>,
    pub avoidance: Option<AvoidanceLevel>,
    pub note: String,
}

/// The raw form of a new client, as typed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ClientForm {
    pub code: String,
    pub weight: String,
    pub domains: String,
    pub start: String,
    pub primary: String,
    pub secondary: String,
    pub avoidance: String,
    pub note: String,
}

impl ClientForm {
    /// Checks every field against the team's domains and members.
    pub fn parse(&self, domains: &[DomainId], members: &[UserId]) -> Result<NewClient, AppError> {
        let code = ClientCode::parse("code", &self.code)?;
        let weight = parse_weight("weight", &self.weight)?;
        let domains = parse_domains("domains", &self.domains, domains)?;
        let start = parse_date("start", &self.start)?;
        let primary = parse_member("primary", &self.primary, members)?;
        let secondary = parse_member("secondary", &self.secondary, members)?;
        if primary.is_some() && primary == secondary {
            return Err(AppError::invalid(
                "secondary",
                FieldProblem::SameMemberTwice,
            ));
        }
        let avoidance = parse_level("avoidance", &self.avoidance)?;
        let note = parse_note("note", &self.note)?;
        Ok(NewClient {
            code,
            weight,
            domains,
            start,
            primary,
            secondary,
            avoidance,
            note,
        })
    }
}

pub fn parse_weight(field: &str, raw: &str) -> Result<Weight, AppError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(AppError::invalid(field, FieldProblem::Required));
    }
    raw.parse::<u8>()
        .ok()
        .and_then(Weight::new)
        .ok_or_else(|| AppError::invalid(field, FieldProblem::OutOfRange))
}

/// Comma-separated domain ids, each one of the team's.
pub fn parse_domains(
    field: &str,
    raw: &str,
    known: &[DomainId],
) -> Result<Vec<DomainId>, AppError> {
    let mut ids = Vec::new();
    for part in raw.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let id = part
            .parse::<DomainId>()
            .ok()
            .filter(|id| known.contains(id))
            .ok_or_else(|| AppError::invalid(field, FieldProblem::UnknownChoice))?;
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    ids.sort_unstable();
    Ok(ids)
}

/// An optional team member, by id; empty means nobody.
pub fn parse_member(
    field: &str,
    raw: &str,
    members: &[UserId],
) -> Result<Option<UserId>, AppError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    raw.parse::<UserId>()
        .ok()
        .filter(|id| members.contains(id))
        .map(Some)
        .ok_or_else(|| AppError::invalid(field, FieldProblem::UnknownChoice))
}

/// An optional avoidance level 0–3; empty means not observed.
pub fn parse_level(field: &str, raw: &str) -> Result<Option<AvoidanceLevel>, AppError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    raw.parse::<i64>()
        .ok()
        .and_then(AvoidanceLevel::from_number)
        .map(Some)
        .ok_or_else(|| AppError::invalid(field, FieldProblem::OutOfRange))
}

/// A short free-text note. Refused when it holds something that identifies a person: an email
/// address or a number that passes the BSN check.
pub fn parse_note(field: &str, raw: &str) -> Result<String, AppError> {
    let note = raw.trim();
    if note.chars().count() > NOTE_MAX {
        return Err(AppError::invalid(field, FieldProblem::TooLong));
    }
    if contains_identifying_detail(note) {
        return Err(AppError::invalid(field, FieldProblem::IdentifyingDetail));
    }
    Ok(note.to_owned())
}

pub fn parse_domain_name(field: &str, raw: &str) -> Result<String, AppError> {
    let name = crate::auth::model::parse_name(field, raw, DOMAIN_NAME_MAX)?;
    // Commas and bars separate domains in the CSV import, so a name cannot hold them.
    if name.contains([',', '|', ';']) {
        return Err(AppError::invalid(field, FieldProblem::Separator));
    }
    if contains_identifying_detail(&name) {
        return Err(AppError::invalid(field, FieldProblem::IdentifyingDetail));
    }
    Ok(name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn form() -> ClientForm {
        ClientForm {
            code: "K-0142".into(),
            weight: "3".into(),
            domains: "2, 1".into(),
            start: "2026-03-01".into(),
            primary: "7".into(),
            secondary: "".into(),
            avoidance: "2".into(),
            note: "Liever 's middags.".into(),
        }
    }

    #[test]
    fn a_good_form_parses() {
        let client = form()
            .parse(&[DomainId(1), DomainId(2)], &[UserId(7), UserId(8)])
            .unwrap();
        assert_eq!(client.domains, vec![DomainId(1), DomainId(2)]);
        assert_eq!(client.avoidance, Some(AvoidanceLevel::Considerable));
        assert_eq!(client.primary, Some(UserId(7)));
    }

    #[test]
    fn each_bad_field_is_named() {
        let problem = |f: ClientForm, field: &str| {
            f.parse(&[DomainId(1), DomainId(2)], &[UserId(7), UserId(8)])
                .unwrap_err()
                .at_field(field)
        };
        let mut f = form();
        f.weight = "7".into();
        assert_eq!(problem(f, "weight"), Some(FieldProblem::OutOfRange));
        let mut f = form();
        f.domains = "9".into();
        assert_eq!(problem(f, "domains"), Some(FieldProblem::UnknownChoice));
        let mut f = form();
        f.start = "31-02-2026".into();
        assert_eq!(problem(f, "start"), Some(FieldProblem::InvalidDate));
        let mut f = form();
        f.primary = "9".into();
        assert_eq!(problem(f, "primary"), Some(FieldProblem::UnknownChoice));
        let mut f = form();
        f.secondary = "7".into();
        assert_eq!(problem(f, "secondary"), Some(FieldProblem::SameMemberTwice));
        let mut f = form();
        f.note = "BSN 111.222.333, belt vaak".into();
        assert_eq!(problem(f, "note"), Some(FieldProblem::IdentifyingDetail));
        let mut f = form();
        f.note = "mail naar jan@voorbeeld.nl".into();
        assert_eq!(problem(f, "note"), Some(FieldProblem::IdentifyingDetail));
    }

    proptest! {
        #[test]
        fn parsing_never_panics(code in ".{0,30}", weight in ".{0,4}", domains in ".{0,12}", start in ".{0,12}", note in ".{0,300}") {
            let f = ClientForm { code, weight, domains, start, primary: String::new(), secondary: String::new(), avoidance: String::new(), note };
            let _ = f.parse(&[DomainId(1), DomainId(2), DomainId(3)], &[UserId(1)]);
        }
    }
}
