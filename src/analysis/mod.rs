//! Analyses over classified statements: accuracy against gold labels, rule tests, audits, diffs and
//! explanations.

pub mod audit;
pub mod diff;
pub mod eval;
pub mod explain;
pub mod ruletest;
pub mod stats;
pub mod terms;
pub mod trend;
