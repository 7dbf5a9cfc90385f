//! Calendar dates from day counts (H. Hinnant's civil_from_days): the report's
//! date and the dates of .xls cells, without a date crate.

/// The day `days` after 1970-01-01 as YYYY-MM-DD.
pub fn from_days(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

/// Today (UTC).
pub fn today() -> String {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    from_days((secs / 86_400) as i64)
}

#[cfg(test)]
mod tests {
    #[test]
    fn known_days() {
        assert_eq!(super::from_days(0), "1970-01-01");
        assert_eq!(super::from_days(19_723), "2024-01-01");
        assert_eq!(super::from_days(45_292 - 25_569), "2024-01-01"); // Excel's serial 45292
        assert_eq!(super::from_days(-1), "1969-12-31");
    }
}
