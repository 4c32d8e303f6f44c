//! NHS numbers: ten digits, the last a modulus-11 check digit.

use std::fmt;

#[derive(Clone, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(transparent)]
pub struct NhsNumber(String);

impl NhsNumber {
    /// Accepts ten digits, with or without spaces (as printed `999 123 4560`).
    pub fn parse(raw: &str) -> Result<Self, super::Invalid> {
        let digits: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
        if digits.len() != 10 || !digits.chars().all(|c| c.is_ascii_digit()) {
            return Err(super::Invalid::msg(
                "An NHS number is 10 digits (spaces allowed), for example 999 000 0018",
            ));
        }
        let d: Vec<u32> = digits
            .chars()
            .map(|c| c.to_digit(10).unwrap_or(0))
            .collect();
        let sum: u32 = d[..9]
            .iter()
            .enumerate()
            .map(|(i, v)| v * (10 - i as u32))
            .sum();
        let check = match 11 - (sum % 11) {
            11 => 0,
            10 => {
                return Err(super::Invalid::msg(
                    "That NHS number cannot be right (no valid check digit exists for it): check the digits",
                ));
            }
            n => n,
        };
        if check != d[9] {
            return Err(super::Invalid::msg(
                "That NHS number fails its check digit: check each digit against the papers",
            ));
        }
        Ok(NhsNumber(digits))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Grouped 3-3-4 as the NHS prints it.
    pub fn spaced(&self) -> String {
        format!("{} {} {}", &self.0[..3], &self.0[3..6], &self.0[6..])
    }
}

impl fmt::Debug for NhsNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("NhsNumber(<hidden>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_range_numbers_pass_modulus_11() {
        assert!(NhsNumber::parse("9990000018").is_ok());
        assert!(NhsNumber::parse("999 000 0026").is_ok());
    }

    #[test]
    fn wrong_check_digit_is_refused() {
        assert!(NhsNumber::parse("9990000019").is_err());
        assert!(NhsNumber::parse("12345").is_err());
        assert!(NhsNumber::parse("99900000a8").is_err());
    }

    #[test]
    fn debug_hides_the_number() {
        let n = NhsNumber::parse("9990000018").unwrap();
        assert!(!format!("{n:?}").contains("999"));
        assert_eq!(n.spaced(), "999 000 0018");
    }
}
