//! Statement dates: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, checked against the calendar, and their sort keys.

/// The English month names, January first: dates in words are written and read with them.
pub const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The sort key of a date (`YYYYMMDD` as a number), or `None` when it is not a real date in one of the
/// three forms. A year or month alone stands for its first day, or with `upper` for its last (`99` fills
/// the missing parts, so the key still sorts after every day of that month or year).
pub fn key(date: &str, upper: bool) -> Option<i64> {
    let mut parts = date.trim().split('-');
    let num = |s: Option<&str>, len: usize| -> Option<Option<i64>> {
        match s {
            None => Some(None),
            Some(p) if p.len() == len && p.bytes().all(|b| b.is_ascii_digit()) => {
                p.parse().ok().map(Some)
            }
            Some(_) => None,
        }
    };
    let y = num(parts.next(), 4)??;
    let m = num(parts.next(), 2)?;
    let d = num(parts.next(), 2)?;
    if parts.next().is_some() || (m.is_none() && d.is_some()) {
        return None;
    }
    if let Some(m) = m {
        if !(1..=12).contains(&m) {
            return None;
        }
        if let Some(d) = d {
            if d < 1 || d > days_in_month(y, m) {
                return None;
            }
        }
    }
    let fill = if upper { 99 } else { 0 };
    Some(y * 10000 + m.unwrap_or(fill) * 100 + d.unwrap_or(fill))
}

/// Checks a date, with the message to show when it is not one.
pub fn check(date: &str) -> Result<(), String> {
    key(date, false).map(|_| ()).ok_or_else(|| {
        format!("invalid date `{date}`: expected a real date as YYYY, YYYY-MM or YYYY-MM-DD")
    })
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        4 | 6 | 9 | 11 => 30,
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_dates_have_keys_that_sort() {
        assert_eq!(key("2021", false), Some(20210000));
        assert_eq!(key("2021", true), Some(20219999));
        assert_eq!(key("2021-03", false), Some(20210300));
        assert_eq!(key("2021-03", true), Some(20210399));
        assert_eq!(key(" 2021-03-05 ", false), Some(20210305));
        assert_eq!(key("2020-02-29", false), Some(20200229));
        assert_eq!(key("2000-02-29", false), Some(20000229));
    }

    #[test]
    fn impossible_or_malformed_dates_are_refused() {
        for bad in [
            "2020-13-45",
            "2020-02-30",
            "2021-02-29",
            "1900-02-29",
            "2020-00",
            "2020-04-31",
            "2020-01-00",
            "2020-13",
            "yesterday",
            "",
            "20-01-01",
            "2020-1-1",
            "2020--01",
            "2020-01-01-01",
            "2020-01-01T00:00",
        ] {
            assert_eq!(key(bad, false), None, "{bad}");
            assert!(check(bad).unwrap_err().contains("YYYY-MM-DD"), "{bad}");
        }
    }
}
