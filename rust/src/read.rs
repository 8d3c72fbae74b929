//! The read path: one page of a prepared SELECT at a time, so that a reader's memory is bounded
//! by its page size and not by the size of what it reads. Paging is driven by the caller, which
//! passes back the paging state of the previous page (cdrs-tokio's pager cannot bind values).
//! Also the plain execution of a few rows of bind values (small SELECTs and writes).

use crate::error::{Error, Result};
use crate::session::{rows_of, RowsResult, Session};
use crate::statements::Statement;
use cdrs_tokio::consistency::Consistency;
use cdrs_tokio::query::{QueryParams, QueryValues};
use cdrs_tokio::statement::StatementParams;
use cdrs_tokio::types::value::Value;
use cdrs_tokio::types::CBytes;
use std::sync::Arc;

/// What one page request asks for.
pub struct PageRequest {
    pub values: Vec<Value>,
    pub consistency: Consistency,
    /// Rows per page; at least 1.
    pub page_size: i32,
    /// The paging state returned with the previous page, or `None` for the first page.
    pub paging_state: Option<Vec<u8>>,
}

impl PageRequest {
    /// A request for the single row of bind values in `rows` (as parsed from the wire).
    pub fn of_rows(
        mut rows: Vec<Vec<Value>>,
        consistency: Consistency,
        page_size: i32,
        paging_state: Option<Vec<u8>>,
    ) -> Result<PageRequest> {
        if rows.len() != 1 {
            return Err(Error::Config(format!(
                "a page is read for exactly one row of bind values, got {}",
                rows.len()
            )));
        }
        let values = rows.pop().unwrap_or_default();
        PageRequest::new(values, consistency, page_size, paging_state)
    }

    /// Checks the numbers Java passed (`page_size` must be positive).
    pub fn new(
        values: Vec<Value>,
        consistency: Consistency,
        page_size: i32,
        paging_state: Option<Vec<u8>>,
    ) -> Result<PageRequest> {
        if page_size < 1 {
            return Err(Error::Config(format!(
                "fetch size: must be at least 1 row, got {page_size}"
            )));
        }
        Ok(PageRequest {
            values,
            consistency,
            page_size,
            paging_state,
        })
    }

    fn params(self) -> StatementParams {
        self.params_with_idempotence(true)
    }

    fn params_with_idempotence(self, is_idempotent: bool) -> StatementParams {
        StatementParams {
            query_params: QueryParams {
                consistency: self.consistency,
                values: Some(QueryValues::SimpleValues(self.values)),
                page_size: Some(self.page_size),
                paging_state: self.paging_state.map(CBytes::new),
                ..QueryParams::default()
            },
            is_idempotent,
            ..StatementParams::default()
        }
    }
}

/// Executes `statement` for one page (under the session's request timeout) and returns its rows
/// and the paging state of the next page (`None` after the last page).
pub async fn fetch_page(
    session: &Session,
    statement: &Statement,
    request: PageRequest,
) -> Result<RowsResult> {
    if request.values.len() != statement.variable_count {
        return Err(Error::Config(format!(
            "'{}' has {} bind variables, {} values were given",
            statement.query,
            statement.variable_count,
            request.values.len()
        )));
    }
    // A SELECT: safe to retry on another node.
    let envelope = session
        .execute(statement, &request.params())
        .await
        .map_err(|e| e.context(format!("reading a page of '{}'", statement.query)))?;
    let mut rows = rows_of(&envelope)?;
    // An empty paging state means "no more pages" too.
    if rows.paging_state.as_ref().is_some_and(Vec::is_empty) {
        rows.paging_state = None;
    }
    Ok(rows)
}

/// Reads every page of `statement` for one row of bind values (a lookup: a key's rows) and
/// returns them as one result without paging state. A page that fails with a transient error is
/// asked again, up to `max_retries` times over the whole read; the final error names the query
/// and the number of attempts.
pub async fn fetch_all(
    session: &Session,
    statement: &Statement,
    request: PageRequest,
    max_retries: u32,
) -> Result<RowsResult> {
    let PageRequest {
        values,
        consistency,
        page_size,
        paging_state,
    } = request;
    let mut all: Option<RowsResult> = None;
    let mut next = paging_state;
    let mut failures = 0u32;
    loop {
        let page = PageRequest::new(values.clone(), consistency, page_size, next.clone())?;
        match fetch_page(session, statement, page).await {
            Ok(mut page) => {
                next = page.paging_state.take();
                match all.as_mut() {
                    Some(rows) => rows.rows.append(&mut page.rows),
                    None => all = Some(page),
                }
                if next.is_none() {
                    break;
                }
            }
            Err(e) => {
                failures += 1;
                if !e.is_transient() || failures > max_retries {
                    let noun = if failures == 1 { "attempt" } else { "attempts" };
                    return Err(e.context(format!("{failures} failed {noun}")));
                }
                log::debug!("retrying a page of '{}': {e}", statement.query);
                // A short, growing pause: an overloaded or recovering node gets some air.
                tokio::time::sleep(retry_pause(failures)).await;
            }
        }
    }
    all.ok_or_else(|| Error::Internal(format!("no page read of '{}'", statement.query)))
}

/// The pause before retry number `failure` (1-based): 10 ms, doubling, at most 640 ms.
fn retry_pause(failure: u32) -> std::time::Duration {
    std::time::Duration::from_millis(10u64 << failure.saturating_sub(1).min(6))
}

/// Runs [`fetch_all`] as a task of `runtime` and hands its result to `done` on a runtime thread;
/// returns at once. The task owns its session and statement, so closing the Java handles
/// meanwhile does not cut it short (only shutting the runtime down does: `done` is then dropped
/// uncalled).
pub fn spawn_fetch_all(
    runtime: &tokio::runtime::Handle,
    session: Arc<Session>,
    statement: Arc<Statement>,
    request: PageRequest,
    max_retries: u32,
    done: impl FnOnce(Result<RowsResult>) + Send + 'static,
) {
    runtime.spawn(async move {
        done(fetch_all(&session, &statement, request, max_retries).await);
    });
}

/// Executes `statement` once per row of bind values, in turn, and returns the result of the
/// last one (`None` for no rows). For SELECTs and small writes; the write pipeline is `write`.
pub async fn execute_each(
    session: &Session,
    statement: &Statement,
    rows: Vec<Vec<Value>>,
    consistency: Consistency,
) -> Result<Option<RowsResult>> {
    let mut last = None;
    for row in rows {
        let params = StatementParams {
            query_params: QueryParams {
                consistency,
                values: Some(QueryValues::SimpleValues(row)),
                ..QueryParams::default()
            },
            ..StatementParams::default()
        };
        let envelope = session
            .execute(statement, &params)
            .await
            .map_err(|e| e.context(format!("executing '{}'", statement.query)))?;
        last = Some(rows_of(&envelope)?);
    }
    Ok(last)
}

/// Runs the unprepared CQL string `cql` (without bind values) for one page, as [`fetch_page`]
/// does for prepared statements: the simple statements of the DataStax-style `Session`. Not
/// retried, as the statement may be a write.
pub async fn fetch_query_page(
    session: &Session,
    cql: &str,
    request: PageRequest,
) -> Result<RowsResult> {
    if !request.values.is_empty() {
        return Err(Error::Config(format!(
            "'{cql}': an unprepared query takes no bind values (prepare it)"
        )));
    }
    let envelope = session
        .query_with_params(cql, request.params_with_idempotence(false))
        .await
        .map_err(|e| e.context(format!("running '{cql}'")))?;
    let mut rows = rows_of(&envelope)?;
    if rows.paging_state.as_ref().is_some_and(Vec::is_empty) {
        rows.paging_state = None;
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_pauses_grow_and_are_capped() {
        assert_eq!(retry_pause(1).as_millis(), 10);
        assert_eq!(retry_pause(2).as_millis(), 20);
        assert_eq!(retry_pause(7).as_millis(), 640);
        assert_eq!(retry_pause(100).as_millis(), 640);
    }

    #[test]
    fn rejects_non_positive_page_sizes() {
        let err = PageRequest::new(Vec::new(), Consistency::One, 0, None)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("fetch size"), "{err}");
    }

    #[test]
    fn a_page_is_read_for_exactly_one_row() {
        let err = PageRequest::of_rows(vec![Vec::new(), Vec::new()], Consistency::One, 10, None)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("exactly one row"), "{err}");
        assert!(PageRequest::of_rows(vec![Vec::new()], Consistency::One, 10, None).is_ok());
    }

    #[test]
    fn params_carry_page_size_and_state() {
        let request =
            PageRequest::new(vec![Value::Null], Consistency::One, 500, Some(vec![1, 2])).ok();
        let params = request.map(PageRequest::params);
        let query = params.map(|p| p.query_params);
        assert_eq!(query.as_ref().and_then(|q| q.page_size), Some(500));
        assert_eq!(
            query.and_then(|q| q.paging_state),
            Some(CBytes::new(vec![1, 2]))
        );
    }
}
