//! The report's date, without a date crate (the day count as the core's .xls
//! reader turns serial days into dates).

use plansight_core::read::xls::from_days;

/// Today (UTC).
pub fn today() -> String {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    from_days((secs / 86_400) as i64)
}
