//! The identifying-detail check on free text: clients are pseudonymous codes, so text that
//! names a person by email address or citizen service number (BSN) is refused at the field.

/// True when free text holds an email address or a nine-digit number passing the elfproef,
/// also when written with dots, spaces or dashes between the digits.
pub fn contains_identifying_detail(text: &str) -> bool {
    let has_email = text.split_whitespace().any(|w| {
        email_address::EmailAddress::is_valid(w.trim_matches(|c: char| !c.is_alphanumeric()))
    });
    if has_email {
        return true;
    }
    let chars: Vec<char> = text.chars().collect();
    (0..chars.len()).any(|start| {
        if !chars[start].is_ascii_digit() || (start > 0 && chars[start - 1].is_ascii_digit()) {
            return false;
        }
        let mut end = start;
        let mut digits = 0;
        while end < chars.len()
            && (chars[end].is_ascii_digit() || matches!(chars[end], '.' | ' ' | '-'))
        {
            if chars[end].is_ascii_digit() {
                digits += 1;
            }
            if digits == 9 {
                let candidate: String = chars[start..=end].iter().collect();
                let followed_by_digit = chars.get(end + 1).is_some_and(|c| c.is_ascii_digit());
                return !followed_by_digit && looks_like_bsn(&candidate);
            }
            end += 1;
        }
        false
    })
}

/// True for nine digits (ignoring separators) that pass the elfproef, the check every BSN
/// satisfies: 9·d1 + 8·d2 + … + 2·d8 − 1·d9 is a multiple of 11.
pub fn looks_like_bsn(text: &str) -> bool {
    let digits: Vec<u32> = text.chars().filter_map(|c| c.to_digit(10)).collect();
    let only_digits_and_separators = text
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '.' | '-'));
    if digits.len() != 9 || !only_digits_and_separators {
        return false;
    }
    let sum: i64 = digits
        .iter()
        .enumerate()
        .map(|(i, d)| {
            if i == 8 {
                -(*d as i64)
            } else {
                (9 - i as i64) * *d as i64
            }
        })
        .sum();
    sum % 11 == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_numbers_in_notes_are_fine() {
        assert!(!contains_identifying_detail(
            "3 afspraken gemist, 2 keer gebeld"
        ));
        assert!(!contains_identifying_detail(
            "telefoon 0612345678 is niet toegestaan? wel: 10 cijfers"
        ));
        assert!(contains_identifying_detail("111222333"));
    }
}
