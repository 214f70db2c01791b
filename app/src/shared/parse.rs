//! Parsers for what forms send that several capabilities read the same way. Each turns text into
//! a value or a field error in the user's language; pure, compiled for the browser too.

use chrono::{NaiveDate, NaiveTime};

use crate::error::{AppError, FieldProblem};

pub fn parse_date(field: &str, raw: &str) -> Result<NaiveDate, AppError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(AppError::invalid(field, FieldProblem::Required));
    }
    NaiveDate::parse_from_str(raw, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(raw, "%d-%m-%Y"))
        .map_err(|_| AppError::invalid(field, FieldProblem::InvalidDate))
}

/// A whole number of points or clients within `min..=max`.
pub fn parse_count(field: &str, raw: &str, min: u32, max: u32) -> Result<u32, AppError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(AppError::invalid(field, FieldProblem::Required));
    }
    raw.parse::<u32>()
        .ok()
        .filter(|n| (min..=max).contains(n))
        .ok_or_else(|| AppError::invalid(field, FieldProblem::OutOfRange))
}

/// A decimal number within `min..=max`; accepts a Dutch decimal comma.
pub fn parse_decimal(field: &str, raw: &str, min: f64, max: f64) -> Result<f64, AppError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(AppError::invalid(field, FieldProblem::Required));
    }
    raw.replace(',', ".")
        .parse::<f64>()
        .ok()
        .filter(|n| n.is_finite() && *n >= min && *n <= max)
        .ok_or_else(|| AppError::invalid(field, FieldProblem::OutOfRange))
}

/// `HH:MM`, as a time input sends it.
pub fn parse_clock(field: &str, raw: &str) -> Result<NaiveTime, AppError> {
    if raw.trim().is_empty() {
        return Err(AppError::invalid(field, FieldProblem::Required));
    }
    NaiveTime::parse_from_str(raw.trim(), "%H:%M")
        .map_err(|_| AppError::invalid(field, FieldProblem::OutOfRange))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dutch_decimal_commas_are_understood() {
        assert_eq!(parse_decimal("x", "0,5", 0.0, 1.0).unwrap(), 0.5);
        assert!(parse_decimal("x", "1,5", 0.0, 1.0).is_err());
        assert!(parse_decimal("x", "NaN", 0.0, 1.0).is_err());
    }
}
