//! Benchmark: search latency with two filters (theme and audience) on an existing index; prints the median.
//!
//! `cargo run --release --example bench_search -- INDEX_DIR [QUERIES]`

use twovoices::index::{Filters, StatementIndex};
use twovoices::model::{Audience, Theme};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dir = args
        .first()
        .ok_or("usage: bench_search INDEX_DIR [QUERIES]")?;
    let rounds: usize = args.get(1).map_or(Ok(200), |s| s.parse())?;
    let index = StatementIndex::open(std::path::Path::new(dir))?;
    let queries = [
        "core technology",
        "national security",
        "standards",
        "网络安全",
        "fair competition",
        "核心技术",
        "eavesdropping",
        "制高点",
    ];
    let mut times = Vec::with_capacity(rounds);
    let mut hits = 0;
    for r in 0..rounds {
        let theme = Theme::ALL[r % Theme::ALL.len()];
        let audience = Audience::ALL[r % 2];
        let filters = Filters {
            theme: Some(theme),
            audience: Some(audience),
            ..Filters::default()
        };
        let start = std::time::Instant::now();
        hits += index
            .search(queries[r % queries.len()], &filters, 10)?
            .len();
        times.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    println!(
        "search (2 filters, top 10) over {} statements: median {:.2} ms, p90 {:.2} ms, {} queries, {hits} hits",
        index.len()?,
        times[times.len() / 2],
        times[times.len() * 9 / 10],
        rounds
    );
    Ok(())
}
