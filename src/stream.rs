//! Classifies a stream of statements in parallel and hands every result to a [`Sink`] in input order.
//!
//! Three stages overlap: a reader thread parses the next batch, the rayon pool classifies the batch
//! before it, and the calling thread feeds the one before that to the sink. Memory is bounded by a few
//! batches whatever the size of the input, and the sink alone decides what becomes of a record — a line
//! of JSON, a CSV row, a table row, a document in the index — so a new output is one new sink.

use crate::classify::Classifier;
use crate::error::{Error, Result};
use crate::model::{Classified, Statement};
use crate::rules::RuleSet;
use rayon::prelude::*;
use std::sync::mpsc::sync_channel;

/// Receives classified statements in input order (ripgrep's `Sink`): one implementation per output.
/// `T` is what reaches the sink: the classified statement itself, or what [`classify_map_into`] made of
/// it in the parallel stage.
pub trait Sink<T = Classified> {
    /// One statement with its classification.
    fn classified(&mut self, c: T) -> Result<()>;

    /// An invalid record left out because the stream skips invalid records. Does nothing by default.
    fn skipped(&mut self, _error: &Error) -> Result<()> {
        Ok(())
    }

    /// The input ended and every record was passed on; not called when the stream stops on an error.
    fn finish(&mut self) -> Result<()> {
        Ok(())
    }
}

impl<T, S: Sink<T> + ?Sized> Sink<T> for Box<S> {
    fn classified(&mut self, c: T) -> Result<()> {
        (**self).classified(c)
    }
    fn skipped(&mut self, error: &Error) -> Result<()> {
        (**self).skipped(error)
    }
    fn finish(&mut self) -> Result<()> {
        (**self).finish()
    }
}

impl<T, S: Sink<T> + ?Sized> Sink<T> for &mut S {
    fn classified(&mut self, c: T) -> Result<()> {
        (**self).classified(c)
    }
    fn skipped(&mut self, error: &Error) -> Result<()> {
        (**self).skipped(error)
    }
    fn finish(&mut self) -> Result<()> {
        (**self).finish()
    }
}

/// One batch of input: each record a statement or the error that makes it invalid. An outer error (a
/// file that cannot be read) ends the stream.
pub type Batch = Result<Vec<Result<Statement>>>;

/// Statements already in memory (or from any iterator) as batches for [`classify_into`].
pub fn in_batches<I>(statements: I) -> impl Iterator<Item = Batch> + Send
where
    I: Iterator<Item = Statement> + Send,
{
    records_in_batches(statements.map(Ok))
}

/// Records (each a statement or the error that makes it invalid) as batches for [`classify_into`].
pub fn records_in_batches<I>(records: I) -> impl Iterator<Item = Batch> + Send
where
    I: Iterator<Item = Result<Statement>> + Send,
{
    let mut records = records;
    std::iter::from_fn(move || {
        let batch: Vec<Result<Statement>> = records.by_ref().take(BATCH).collect();
        (!batch.is_empty()).then_some(Ok(batch))
    })
}

/// Statements per batch for [`in_batches`] and [`records_in_batches`], as many as a batch of input files.
const BATCH: usize = 4096;

/// What a stream does with an invalid record (an [`Error::Record`]): `--skip-invalid` on the command line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum OnInvalid {
    /// End the stream with the record's error, after every record before it has reached the sink.
    #[default]
    Stop,
    /// Pass the error to [`Sink::skipped`], leave the record out and read on.
    Skip,
}

impl OnInvalid {
    /// [`OnInvalid::Skip`] when `skip` (the value of a `--skip-invalid` flag), else [`OnInvalid::Stop`].
    pub fn skip_if(skip: bool) -> Self {
        if skip {
            Self::Skip
        } else {
            Self::Stop
        }
    }
}

/// Whether each classification carries the evidence of the rules that fired.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Evidence {
    /// Every rule that fired with its field and span ([`Classifier::new`]).
    #[default]
    Keep,
    /// Only which audience and theme rules fired ([`Classifier::without_evidence`]): for sinks that keep
    /// nothing more, such as the index.
    Drop,
}

/// What a stream did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StreamStats {
    /// Statements classified and passed to the sink.
    pub classified: u64,
    /// Invalid records skipped.
    pub skipped: u64,
}

/// Classifies every statement of `batches` with `rules` and passes the results to `sink` in input order.
///
/// An invalid record (an [`Error::Record`]) is passed to [`Sink::skipped`] or ends the stream, as
/// `on_invalid` says, after every record before it has reached the sink; any other error and any error the
/// sink returns end the stream the same way.
pub fn classify_into<I, S>(
    rules: &RuleSet,
    batches: I,
    on_invalid: OnInvalid,
    sink: S,
) -> Result<StreamStats>
where
    I: Iterator<Item = Batch> + Send,
    S: Sink,
{
    classify_map_into(rules, batches, on_invalid, Evidence::Keep, Ok, sink)
}

/// [`classify_into`], with each classified statement turned by `prepare` into what the sink takes, in the
/// parallel stage: work the sink would otherwise do on the one calling thread (building an index
/// document, serialising a record) runs on every core. An error from `prepare` ends the stream like an
/// error of the sink, after every record before it has reached the sink. With [`Evidence::Drop`] the
/// audience and theme rules that fired come without their evidence: for sinks that keep only which rules
/// fired.
pub fn classify_map_into<I, T, P, S>(
    rules: &RuleSet,
    batches: I,
    on_invalid: OnInvalid,
    evidence: Evidence,
    prepare: P,
    mut sink: S,
) -> Result<StreamStats>
where
    I: Iterator<Item = Batch> + Send,
    T: Send,
    P: Fn(Classified) -> Result<T> + Sync,
    S: Sink<T>,
{
    let mut stats = StreamStats::default();
    let prepare = &prepare;
    std::thread::scope(|scope| -> Result<()> {
        // One batch waits in each channel: enough to keep every stage busy, little enough to bound memory.
        let (raw_tx, raw_rx) = sync_channel::<Batch>(1);
        let (done_tx, done_rx) = sync_channel::<Result<Vec<Result<T>>>>(1);
        scope.spawn(move || {
            for batch in batches {
                let stop = batch.is_err();
                if raw_tx.send(batch).is_err() || stop {
                    break;
                }
            }
        });
        scope.spawn(move || {
            for batch in raw_rx {
                let done = batch.map(|records| classify_batch(rules, records, evidence, prepare));
                let stop = done.is_err();
                if done_tx.send(done).is_err() || stop {
                    break;
                }
            }
        });
        // Returning early drops `done_rx`, which stops both threads at their next send.
        for done in done_rx {
            for record in done? {
                match record {
                    Ok(c) => {
                        stats.classified += 1;
                        sink.classified(c)?;
                    }
                    Err(e)
                        if on_invalid == OnInvalid::Skip && matches!(e, Error::Record { .. }) =>
                    {
                        stats.skipped += 1;
                        sink.skipped(&e)?;
                    }
                    Err(e) => return Err(e),
                }
            }
        }
        sink.finish()
    })?;
    Ok(stats)
}

/// Records a worker classifies in one go, so a classifier (and its scratch buffers) is set up per run of
/// records, not per record.
const MIN_RUN: usize = 64;

fn classify_batch<T, P>(
    rules: &RuleSet,
    records: Vec<Result<Statement>>,
    evidence: Evidence,
    prepare: &P,
) -> Vec<Result<T>>
where
    T: Send,
    P: Fn(Classified) -> Result<T> + Sync,
{
    records
        .into_par_iter()
        .with_min_len(MIN_RUN)
        .map_init(
            || match evidence {
                Evidence::Keep => Classifier::new(rules),
                Evidence::Drop => Classifier::without_evidence(rules),
            },
            |classifier, record| {
                record.and_then(|statement| {
                    let classification = classifier.classify(&statement);
                    prepare(Classified {
                        statement,
                        classification,
                    })
                })
            },
        )
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn statement(id: &str, text: &str) -> Statement {
        Statement::new(id, text)
    }

    fn invalid(line: u64) -> Error {
        Error::Record {
            path: "x.jsonl".into(),
            line,
            column: None,
            message: "bad".into(),
        }
    }

    #[derive(Default)]
    struct Collect {
        ids: Vec<String>,
        skipped: Vec<u64>,
        finished: bool,
    }

    impl Sink for Collect {
        fn classified(&mut self, c: Classified) -> Result<()> {
            self.ids.push(c.statement.id);
            Ok(())
        }
        fn skipped(&mut self, e: &Error) -> Result<()> {
            if let Error::Record { line, .. } = e {
                self.skipped.push(*line);
            }
            Ok(())
        }
        fn finish(&mut self) -> Result<()> {
            self.finished = true;
            Ok(())
        }
    }

    fn batches(n: usize, per_batch: usize, bad_every: usize) -> Vec<Batch> {
        (0..n)
            .collect::<Vec<_>>()
            .chunks(per_batch)
            .map(|chunk| {
                Ok(chunk
                    .iter()
                    .map(|&i| {
                        if bad_every > 0 && i % bad_every == bad_every - 1 {
                            Err(invalid(i as u64))
                        } else {
                            Ok(statement(
                                &format!("s{i}"),
                                "We oppose unilateral sanctions.",
                            ))
                        }
                    })
                    .collect())
            })
            .collect()
    }

    #[test]
    fn keeps_input_order_across_batches() {
        let rules = RuleSet::builtin().unwrap();
        let mut sink = Collect::default();
        let stats = classify_into(
            &rules,
            batches(3000, 700, 0).into_iter(),
            OnInvalid::Stop,
            &mut sink,
        )
        .unwrap();
        let expected: Vec<String> = (0..3000).map(|i| format!("s{i}")).collect();
        assert_eq!(sink.ids, expected);
        assert_eq!(stats.classified, 3000);
        assert!(sink.finished);
    }

    #[test]
    fn skips_invalid_records_in_place_or_stops_at_the_first() {
        let rules = RuleSet::builtin().unwrap();
        let mut sink = Collect::default();
        let stats = classify_into(
            &rules,
            batches(100, 30, 10).into_iter(),
            OnInvalid::Skip,
            &mut sink,
        )
        .unwrap();
        assert_eq!(
            stats,
            StreamStats {
                classified: 90,
                skipped: 10
            }
        );
        assert_eq!(
            sink.skipped,
            (0..10).map(|k| k * 10 + 9).collect::<Vec<u64>>()
        );

        let mut sink = Collect::default();
        let err = classify_into(
            &rules,
            batches(100, 30, 10).into_iter(),
            OnInvalid::Stop,
            &mut sink,
        )
        .unwrap_err();
        assert!(matches!(err, Error::Record { line: 9, .. }), "{err}");
        assert_eq!(
            sink.ids.len(),
            9,
            "the records before the invalid one reach the sink"
        );
        assert!(!sink.finished);
    }

    #[test]
    fn a_sink_error_stops_the_stream() {
        struct Refuse(usize);
        impl Sink for Refuse {
            fn classified(&mut self, _: Classified) -> Result<()> {
                self.0 += 1;
                if self.0 == 5 {
                    return Err(Error::Output(std::io::ErrorKind::BrokenPipe.into()));
                }
                Ok(())
            }
        }
        let rules = RuleSet::builtin().unwrap();
        let mut sink = Refuse(0);
        let err = classify_into(
            &rules,
            batches(10_000, 100, 0).into_iter(),
            OnInvalid::Stop,
            &mut sink,
        )
        .unwrap_err();
        assert!(matches!(err, Error::Output(_)));
        assert_eq!(sink.0, 5);
    }
}
