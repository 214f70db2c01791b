//! The organisation's archive (AVG article 20, and for leaving a supplier): one ZIP with a CSV
//! file per kind of record and a manifest that explains each. What is private to a person is
//! not the organisation's, so it is not in the archive, and the manifest says so.

use serde::{Deserialize, Serialize};

/// The files of the archive, in the order they are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ArchiveFile {
    Teams,
    People,
    Memberships,
    Domains,
    Clients,
    ClientDomains,
    Assignments,
    AvoidanceObservations,
    Movements,
    Signals,
    TeamLimits,
    SharedPersonalLimits,
    Proposals,
    ProposalDecisions,
    OwnMethods,
    Sessions,
    SessionParticipants,
    SessionStepNotes,
    SessionActions,
    SessionEvaluations,
    Availability,
    Absences,
    VisitProfiles,
    VisitRequests,
    VisitOffers,
    VisitSlots,
    VisitBookings,
    VisitVisitors,
    VisitReflections,
    AccessLog,
}

impl ArchiveFile {
    pub const ALL: [ArchiveFile; 30] = [
        ArchiveFile::Teams,
        ArchiveFile::People,
        ArchiveFile::Memberships,
        ArchiveFile::Domains,
        ArchiveFile::Clients,
        ArchiveFile::ClientDomains,
        ArchiveFile::Assignments,
        ArchiveFile::AvoidanceObservations,
        ArchiveFile::Movements,
        ArchiveFile::Signals,
        ArchiveFile::TeamLimits,
        ArchiveFile::SharedPersonalLimits,
        ArchiveFile::Proposals,
        ArchiveFile::ProposalDecisions,
        ArchiveFile::OwnMethods,
        ArchiveFile::Sessions,
        ArchiveFile::SessionParticipants,
        ArchiveFile::SessionStepNotes,
        ArchiveFile::SessionActions,
        ArchiveFile::SessionEvaluations,
        ArchiveFile::Availability,
        ArchiveFile::Absences,
        ArchiveFile::VisitProfiles,
        ArchiveFile::VisitRequests,
        ArchiveFile::VisitOffers,
        ArchiveFile::VisitSlots,
        ArchiveFile::VisitBookings,
        ArchiveFile::VisitVisitors,
        ArchiveFile::VisitReflections,
        ArchiveFile::AccessLog,
    ];

    /// The file's name in the archive.
    pub fn name(self) -> &'static str {
        match self {
            ArchiveFile::Teams => "teams.csv",
            ArchiveFile::People => "people.csv",
            ArchiveFile::Memberships => "memberships.csv",
            ArchiveFile::Domains => "domains.csv",
            ArchiveFile::Clients => "clients.csv",
            ArchiveFile::ClientDomains => "client_domains.csv",
            ArchiveFile::Assignments => "assignments.csv",
            ArchiveFile::AvoidanceObservations => "avoidance_observations.csv",
            ArchiveFile::Movements => "movements.csv",
            ArchiveFile::Signals => "signals.csv",
            ArchiveFile::TeamLimits => "team_limits.csv",
            ArchiveFile::SharedPersonalLimits => "shared_personal_limits.csv",
            ArchiveFile::Proposals => "proposals.csv",
            ArchiveFile::ProposalDecisions => "proposal_decisions.csv",
            ArchiveFile::OwnMethods => "own_methods.csv",
            ArchiveFile::Sessions => "sessions.csv",
            ArchiveFile::SessionParticipants => "session_participants.csv",
            ArchiveFile::SessionStepNotes => "session_step_notes.csv",
            ArchiveFile::SessionActions => "session_actions.csv",
            ArchiveFile::SessionEvaluations => "session_evaluations.csv",
            ArchiveFile::Availability => "availability.csv",
            ArchiveFile::Absences => "absences.csv",
            ArchiveFile::VisitProfiles => "visit_profiles.csv",
            ArchiveFile::VisitRequests => "visit_requests.csv",
            ArchiveFile::VisitOffers => "visit_offers.csv",
            ArchiveFile::VisitSlots => "visit_slots.csv",
            ArchiveFile::VisitBookings => "visit_bookings.csv",
            ArchiveFile::VisitVisitors => "visit_visitors.csv",
            ArchiveFile::VisitReflections => "visit_reflections.csv",
            ArchiveFile::AccessLog => "access_log.csv",
        }
    }

    /// What the file holds, in Dutch and English, for the manifest.
    pub fn about(self) -> &'static str {
        match self {
            ArchiveFile::Teams => {
                "De teams, hun soort werk en caseloadnormen. / The teams, their kind of work and caseload norms."
            }
            ArchiveFile::People => {
                "Accounts: naam, e-mailadres, beheerder, pool, actief. Gewiste accounts heten oud-medewerker. / Accounts: name, email, admin, pool, active. Erased accounts are called oud-medewerker."
            }
            ArchiveFile::Memberships => {
                "Wie in welk team zit, met rol en FTE. / Who is in which team, with role and FTE."
            }
            ArchiveFile::Domains => {
                "De domeinen (soorten hulp) per team. / The domains (kinds of help) per team."
            }
            ArchiveFile::Clients => {
                "Cliënten als pseudonieme code, met zwaarte, start, einde en status. / Clients as pseudonymous codes, with weight, start, end and status."
            }
            ArchiveFile::ClientDomains => {
                "Welke domeinen bij welke cliënt horen. / Which domains belong to which client."
            }
            ArchiveFile::Assignments => {
                "Wie welke cliënt begeleidt(e), eerste of tweede, van wanneer tot wanneer: ook overdrachten. / Who carries or carried which client, primary or secondary, from when to when: handovers too."
            }
            ArchiveFile::AvoidanceObservations => {
                "Zorgmijdingsobservaties per cliënt, met perspectief. / Avoidance observations per client, with perspective."
            }
            ArchiveFile::Movements => {
                "Genoteerde beweging bij cliënten. / Movement noted on clients."
            }
            ArchiveFile::Signals => {
                "Vastloopmomenten die met de leider of het team gedeeld zijn, zonder notitie en zonder wat hielp. / Stuck moments shared with the leader or the team, without note and without what helped."
            }
            ArchiveFile::TeamLimits => {
                "De grenzen die teams zelf stelden. / The limits teams set themselves."
            }
            ArchiveFile::SharedPersonalLimits => {
                "Eigen grenzen die iemand met de leider deelde. / Own limits someone shared with the leader."
            }
            ArchiveFile::Proposals => {
                "Voorstellen aan leiders, met hun onderbouwing en status. / Proposals to leaders, with their grounds and status."
            }
            ArchiveFile::ProposalDecisions => {
                "Besluiten over die voorstellen. / Decisions on those proposals."
            }
            ArchiveFile::OwnMethods => {
                "Gespreksmethoden die de organisatie of een team zelf maakte. / Session methods the organisation or a team made itself."
            }
            ArchiveFile::Sessions => {
                "Bijeenkomsten: soort, methode, gespreksleider, inbrenger, vraag, tijd, status, inzichten. / Sessions: kind, method, facilitator, presenter, question, time, status, insights."
            }
            ArchiveFile::SessionParticipants => {
                "Wie voor welke bijeenkomst is uitgenodigd, en het antwoord. / Who was invited to which session, and their answer."
            }
            ArchiveFile::SessionStepNotes => {
                "Gezamenlijke aantekeningen per stap van een bijeenkomst. / Shared notes per step of a session."
            }
            ArchiveFile::SessionActions => {
                "Afgesproken acties, met eigenaar en termijn. / Agreed actions, with owner and due date."
            }
            ArchiveFile::SessionEvaluations => {
                "Anonieme evaluaties, alleen als optelsom per bijeenkomst. / Anonymous evaluations, only as sums per session."
            }
            ArchiveFile::Availability => {
                "Vaste beschikbaarheid per weekdag, voor het plannen. / Regular availability per weekday, for planning."
            }
            ArchiveFile::Absences => {
                "Afwezigheid (verlof, scholing, anders), zonder toelichting. / Absences (leave, training, other), without explanation."
            }
            ArchiveFile::VisitProfiles => {
                "Per team: of het bezoek ontvangt, regio en wat er te zien is. / Per team: whether it receives visits, region and what there is to see."
            }
            ArchiveFile::VisitRequests => "Bezoekwensen van teams. / Teams' wishes for visits.",
            ArchiveFile::VisitOffers => {
                "Aanbod van Turen bij de Buren door eigen teams. / Turen bij de Buren offers by the organisation's teams."
            }
            ArchiveFile::VisitSlots => "Momenten bij dat aanbod. / Times for those offers.",
            ArchiveFile::VisitBookings => {
                "Boekingen bij of door eigen teams. / Bookings with or by the organisation's teams."
            }
            ArchiveFile::VisitVisitors => {
                "Wie bij welke boeking meeging. / Who went along on which booking."
            }
            ArchiveFile::VisitReflections => {
                "Terugblikken na bezoeken. / Reflections after visits."
            }
            ArchiveFile::AccessLog => {
                "Het toegangslog (NEN 7513): wie wat deed met welk dossier, wanneer en vanaf welk adres. / The access log (NEN 7513): who did what to which record, when and from which address."
            }
        }
    }
}

/// What the archive leaves out, and why; in the manifest.
pub const LEFT_OUT: &[&str] = &[
    "Notities bij vastloopmomenten en wat hielp: die zijn van hun schrijver, niet van de organisatie. Ieder kan ze zelf downloaden bij Mijn account. / Notes on stuck moments and what helped: they belong to their author, not to the organisation. Each person can download their own under My account.",
    "Vastloopmomenten die niemand werden gedeeld, en voorstellen die alleen hun schrijver zag: privé. / Stuck moments shared with no one, and proposals only their author saw: private.",
    "Vragen aan een collega om mee te kijken, en aanbiedingen om mee te kijken: die zijn van de twee mensen die het aangaat. / Requests to a colleague to look along, and offers to: they belong to the two people concerned.",
    "Eigen grenzen die niet gedeeld zijn, en de voorbereiding van een inbrenger: privé. / Own limits that were not shared, and a presenter's preparation: private.",
    "Wachtwoorden, tweede factoren, inlogsessies, inlogpogingen en berichten: beveiliging en vluchtige post, geen dossier. / Passwords, second factors, sign-ins, login attempts and messages: security and passing mail, not records.",
];

/// The archive's manifest, written as `manifest.json` after the files.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub organisation: String,
    pub exported_at: chrono::DateTime<chrono::Utc>,
    pub about: String,
    pub files: Vec<ManifestFile>,
    pub left_out: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ManifestFile {
    pub name: String,
    pub rows: u64,
    pub columns: Vec<String>,
    pub about: String,
}

pub const ABOUT: &str = "Alles wat deze organisatie in Draagkracht bewaart, op het moment van downloaden: één CSV-bestand per soort gegeven (UTF-8, komma's, eerste regel de kolomnamen; waar/onwaar als 1/0, tijden in UTC). Ids verbinden de bestanden. / Everything this organisation keeps in Draagkracht, at the moment of download: one CSV file per kind of record (UTF-8, commas, first line the column names; true/false as 1/0, times in UTC). Ids link the files.";

/// Follows a ZIP archive as it streams in and names each file as its header passes, so the
/// page can say which file is being prepared. Only names of the archive's own files count: a
/// header's four signature bytes could, rarely, occur inside compressed data.
#[derive(Debug, Default, Clone)]
pub struct ArchiveProgress {
    /// Bytes that may still hold the start of a header.
    pending: Vec<u8>,
    pub bytes: u64,
    /// The files begun so far, in order.
    pub begun: Vec<String>,
}

const SIGNATURE: [u8; 4] = [0x50, 0x4b, 0x03, 0x04];
/// A local file header before its name; the name's length sits at offset 26.
const FIXED: usize = 30;
const LONGEST_NAME: usize = 64;

impl ArchiveProgress {
    /// Takes the next chunk of the stream.
    pub fn feed(&mut self, chunk: &[u8]) {
        self.bytes += chunk.len() as u64;
        self.pending.extend_from_slice(chunk);
        let mut from = 0;
        let mut keep_from = self.pending.len().saturating_sub(SIGNATURE.len() - 1);
        while let Some(at) = find(&self.pending[from..], &SIGNATURE).map(|i| i + from) {
            let header = &self.pending[at..];
            if header.len() < FIXED {
                keep_from = at;
                break;
            }
            let name_len = usize::from(u16::from_le_bytes([header[26], header[27]]));
            if name_len > LONGEST_NAME {
                from = at + 1;
                continue;
            }
            if header.len() < FIXED + name_len {
                keep_from = at;
                break;
            }
            let name = String::from_utf8_lossy(&header[FIXED..FIXED + name_len]).into_owned();
            if is_archive_file(&name) {
                self.begun.push(name);
            }
            from = at + 1;
        }
        let keep_from = keep_from.min(self.pending.len());
        self.pending.drain(..keep_from);
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn is_archive_file(name: &str) -> bool {
    name == "manifest.json" || ArchiveFile::ALL.iter().any(|f| f.name() == name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::HashSet;

    /// A local file header for `name`, then `body`.
    fn entry(name: &str, body: &[u8]) -> Vec<u8> {
        let mut bytes = SIGNATURE.to_vec();
        bytes.extend_from_slice(&[0; 22]);
        bytes.extend_from_slice(&u16::try_from(name.len()).unwrap().to_le_bytes());
        bytes.extend_from_slice(&[0, 0]);
        bytes.extend_from_slice(name.as_bytes());
        bytes.extend_from_slice(body);
        bytes
    }

    fn stream() -> Vec<u8> {
        let mut bytes = entry("teams.csv", b"id,name\n1,Noord\n");
        // Compressed data that happens to hold a signature: not a file of the archive.
        bytes.extend(entry("garbage\u{1}", b"zz"));
        bytes.extend(entry("people.csv", &[7; 300]));
        bytes.extend(entry("manifest.json", b"{}"));
        bytes
    }

    #[test]
    fn names_each_file_as_its_header_passes() {
        let mut progress = ArchiveProgress::default();
        progress.feed(&stream());
        assert_eq!(progress.begun, ["teams.csv", "people.csv", "manifest.json"]);
        assert_eq!(progress.bytes, stream().len() as u64);
    }

    #[test]
    fn every_file_has_its_own_csv_name_and_a_description() {
        let names: HashSet<&str> = ArchiveFile::ALL.iter().map(|f| f.name()).collect();
        assert_eq!(names.len(), ArchiveFile::ALL.len());
        for file in ArchiveFile::ALL {
            assert!(file.name().ends_with(".csv"));
            assert!(
                file.about().contains(" / "),
                "{file:?} is described in both languages"
            );
        }
    }

    proptest! {
        #[test]
        fn chunking_never_changes_what_is_found(cuts in proptest::collection::vec(1usize..40, 0..60)) {
            let bytes = stream();
            let mut progress = ArchiveProgress::default();
            let mut at = 0;
            for cut in cuts {
                let end = (at + cut).min(bytes.len());
                progress.feed(&bytes[at..end]);
                at = end;
            }
            progress.feed(&bytes[at..]);
            prop_assert_eq!(progress.begun, vec!["teams.csv", "people.csv", "manifest.json"]);
        }

        #[test]
        fn any_bytes_are_read_without_panicking(chunks in proptest::collection::vec(proptest::collection::vec(any::<u8>(), 0..100), 0..10)) {
            let mut progress = ArchiveProgress::default();
            for chunk in &chunks {
                progress.feed(chunk);
            }
            prop_assert!(progress.begun.iter().all(|n| is_archive_file(n)));
        }
    }
}
