//! A job's progress: two counters under a token the page chose.

use super::*;

pub(super) const CHECKING: u8 = 0;
pub(super) const RENDERING: u8 = 1;
pub(super) const DONE: u8 = 2;
pub(super) const FAILED: u8 = 3;

/// The counters of one job: rows done of rows in all, and the stage.
#[derive(Default)]
pub(super) struct Progress {
    pub(super) total: AtomicU64,
    pub(super) done: AtomicU64,
    pub(super) state: AtomicU8,
}

/// Keeps a job's progress visible under its token while it runs.
pub(super) struct Listed {
    pub(super) app: Arc<App>,
    pub(super) token: Option<String>,
}

impl Listed {
    pub(super) fn new(app: &Arc<App>, token: Option<String>, p: &Arc<Progress>) -> Listed {
        if let Some(t) = &token {
            let mut map = app.batches.progress.lock().expect("progress lock");
            map.retain(|_, (_, end)| end.is_none_or(|e| e.elapsed() < FINISHED_KEPT));
            map.insert(t.clone(), (Arc::clone(p), None));
        }
        Listed {
            app: Arc::clone(app),
            token,
        }
    }
}

impl Drop for Listed {
    fn drop(&mut self) {
        if let Some(t) = &self.token {
            if let Ok(mut map) = self.app.batches.progress.lock() {
                if let Some(entry) = map.get_mut(t) {
                    entry.1 = Some(Instant::now());
                }
            }
        }
    }
}

/// `GET /batch/progress/{token}`: `{state, done, total}` of a job running or just finished;
/// 404 when no job of this server has the token (long finished, never started, or on
/// another copy behind a load balancer).
pub(super) async fn progress(State(app): State<Arc<App>>, Path(token): Path<String>) -> Response {
    let p = app
        .batches
        .progress
        .lock()
        .expect("progress lock")
        .get(&token)
        .filter(|(_, end)| end.is_none_or(|e| e.elapsed() < FINISHED_KEPT))
        .map(|(p, _)| Arc::clone(p));
    match p {
        None => json(
            StatusCode::NOT_FOUND,
            &serde_json::json!({"state": "unknown"}),
        ),
        Some(p) => {
            let state = match p.state.load(Ordering::Relaxed) {
                CHECKING => "checking",
                RENDERING => "rendering",
                DONE => "done",
                _ => "failed",
            };
            json(
                StatusCode::OK,
                &serde_json::json!({
                    "state": state,
                    "done": p.done.load(Ordering::Relaxed),
                    "total": p.total.load(Ordering::Relaxed),
                }),
            )
        }
    }
}
