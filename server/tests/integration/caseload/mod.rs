//! The caseload through the real router on both databases: clients and observations,
//! who may see what, personal limits staying private, rebalancing moves, intake and CSV.
//! By sub-capability: clients, the balance, and the CSV import.

use app::error::{AppError, FieldProblem};

mod balance;
mod clients;
mod handover;
mod import;

fn problem(err: AppError, field: &str) -> Option<FieldProblem> {
    err.at_field(field)
}
