//! twovoices shows, theme by theme, how a government's messages to foreign audiences contradict what it
//! tells its own people.
//!
//! The data flow: [`input`] reads statements, [`rules`] loads the TOML classifier rules, [`classify`]
//! decides audience and themes with evidence ([`stream`] does it in parallel for a whole input, into a
//! sink), [`analysis`] measures them, [`render`] writes them out.
//! The command line is not part of the library: the `twovoices` binary (`src/main.rs`, `src/cli.rs`,
//! `src/cmd/`) parses the arguments and calls these modules.
//!
//! ```
//! use twovoices::{classify::Classifier, model::{Audience, Statement, Theme}, rules::RuleSet};
//!
//! let rules = RuleSet::builtin().unwrap();
//! let mut classifier = Classifier::new(&rules);
//! let statement = |id: &str, text: &str, role: &str, venue: &str| Statement {
//!     role: role.into(),
//!     venue: venue.into(),
//!     ..Statement::new(id, text)
//! };
//! let outward = statement("a", "Restrictions on Huawei violate market economy principles and fair competition.",
//!     "Foreign Ministry Spokesperson", "Regular press conference");
//! let inward = statement("b", "核心技术受制于人是我们最大的隐患。", "中共中央总书记", "网络安全和信息化工作座谈会");
//! let farm = statement("c", "We must ensure self-reliance in grain production.", "", "Central Rural Work Conference");
//!
//! let a = classifier.classify(&outward);
//! assert_eq!(a.audience, Audience::External);
//! assert!(a.themes.contains(&Theme::Indigenization));
//! let b = classifier.classify(&inward);
//! assert_eq!(b.audience, Audience::Internal);
//! assert!(b.themes.contains(&Theme::Indigenization));
//! assert!(classifier.classify(&farm).themes.is_empty());
//! ```

pub mod align;
pub mod analysis;
pub mod chart;
pub mod classify;
pub mod date;
pub mod dedup;
pub mod error;
pub mod index;
pub mod input;
pub mod model;
pub mod pair;
pub mod render;
pub mod report;
pub mod rules;
pub mod stream;
pub mod text;

pub use error::{Error, Result};
