//! `twovoices chart terms|stats|trend -o FILE`: the same analyses as pictures (SVG or PNG).

use crate::cli::ChartCommand;
use twovoices::analysis::stats::{self, By};
use twovoices::chart;
use twovoices::error::Result;

/// Runs `chart`.
pub fn run(command: ChartCommand) -> Result<()> {
    match command {
        ChartCommand::Terms { terms, out } => {
            chart::ImageFormat::from_path(&out.output)?;
            let result = super::terms::compute(&terms)?;
            let c = chart::terms(&result)?;
            chart::write(&c, &out.output)
        }
        ChartCommand::Stats {
            theme,
            index,
            rules,
            out,
        } => {
            chart::ImageFormat::from_path(&out.output)?;
            let (index, _) = super::open_index(&index, &rules)?;
            let c = match theme {
                Some(t) => chart::share_over_years(&stats::from_index(&index, By::Year)?, t)?,
                None => chart::share_by_theme(&stats::from_index(&index, By::Theme)?)?,
            };
            chart::write(&c, &out.output)
        }
        ChartCommand::Trend { trend, out } => {
            chart::ImageFormat::from_path(&out.output)?;
            let t = super::trend::compute(&trend)?;
            chart::write(&chart::trend(&t)?, &out.output)
        }
    }
}
