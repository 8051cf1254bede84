//! `twovoices chart`: pictures of terms, stats and trends, in SVG (text as paths) and PNG.

mod common;
use common::{fixture_index, succeeds, tv_at};

fn chart(
    args: &[&str],
    file: &str,
) -> (std::process::Output, std::path::PathBuf, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(file);
    let out = tv_at(fixture_index())
        .arg("chart")
        .args(args)
        .arg("-o")
        .arg(&path)
        .output()
        .unwrap();
    (out, path, dir)
}

#[test]
fn png_charts_are_pictures_of_their_size() {
    for (args, file) in [
        (
            vec!["trend", "cyber power", "--form", "网络强国"],
            "trend.png",
        ),
        (vec!["stats"], "stats.png"),
        (vec!["stats", "--theme", "ambition"], "ambition.png"),
        (vec!["terms", "--top", "8"], "terms.png"),
    ] {
        let (out, path, _dir) = chart(&args, file);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let bytes = std::fs::read(&path).unwrap();
        assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "{args:?}");
        let width = u32::from_be_bytes(bytes[16..20].try_into().unwrap());
        assert_eq!(width, 1000, "{args:?}");
    }
}

#[test]
fn svg_is_self_contained_text_as_paths() {
    let (out, path, _dir) = chart(&["terms", "--lang", "zh", "--top", "5"], "terms.svg");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let svg = std::fs::read_to_string(&path).unwrap();
    assert!(
        svg.starts_with("<svg") || svg.starts_with("<?xml"),
        "{}",
        &svg[..100]
    );
    assert!(!svg.contains("<text"), "text left as text needs a font");
    assert!(!svg.contains("href=\"http"), "no outside resource");
    assert!(svg.matches("<path").count() > 50);
}

#[test]
fn unknown_picture_format_is_a_usage_error_and_writes_nothing() {
    let (out, path, _dir) = chart(&["stats"], "stats.jpg");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains(".svg or .png"));
    assert!(!path.exists());
}

#[test]
fn report_html_has_two_charts_per_theme() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.html");
    succeeds(
        tv_at(fixture_index())
            .args(["report", "--format", "html", "--theme", "ambition", "-o"])
            .arg(&path),
    );
    let html = std::fs::read_to_string(&path).unwrap();
    assert_eq!(
        html.matches("<figure class=\"chart\"><svg viewBox=")
            .count(),
        2
    );
    assert!(html.contains("share of each voice") || html.contains("Share of each voice"));
    assert!(!html.contains("<text"));
    // Two inline charts on one page must not share an element id.
    let mut ids: Vec<&str> = html
        .split("id=\"")
        .skip(1)
        .map(|s| &s[..s.find('"').unwrap()])
        .collect();
    let n = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), n, "duplicate ids");
}
