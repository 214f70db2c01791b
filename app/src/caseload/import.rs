//! CSV import and export of a team's caseload. (Being written.)
