//! Analyses over classified statements: accuracy against gold labels, pairing against judged pairs, rule
//! tests, audits, diffs and explanations.

pub mod audit;
pub mod coverage;
pub mod cross_validate;
pub mod diff;
pub mod eval;
pub mod eval_pairs;
pub mod explain;
pub mod ruletest;
pub mod stack_cv;
pub mod stats;
pub mod suggest;
pub mod terms;
pub mod trend;
