//! Analyses over classified statements: accuracy against gold labels.

pub mod eval;
