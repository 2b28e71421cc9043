//! `doclist serve`: a small local web page for the checklist, server-rendered from the same
//! templates as the CLI, and the same URL as a small API.
//!
//! Nothing is stored: every answer travels in the request and comes back in the page. The
//! log names method, path, status and duration, never a value.
//!
//! | route | what |
//! |---|---|
//! | `GET /` | pick the city and procedure |
//! | `GET /form?policy=ID`, `POST /form` | the questions that matter, filled with the answers given |
//! | `POST /questions` | JSON: which questions to show for the answers given |
//! | `POST /checklist` | the checklist as `format` = `html` (default), `pdf` or `json` |
//! | `GET /assets/serve.js` | the small script that updates the questions as answers change |
//! | `GET /batch`, `POST /batch`, … | the batch for HR: see [`batch`] |
//! | `GET /healthz` | 200 while the server serves |

pub mod batch;
mod failed;
mod form;
mod handlers;
pub mod listen;
mod origin;
mod plan;
pub mod pool;
mod toolbar;

pub use batch::Limits as BatchLimits;
pub use form::{BodyError, FieldView, FormPage, OptionView, PolicyView, Submission};
pub use listen::Limits;

use crate::model::policy::Library;
use crate::msg;
use crate::output::render::{Renderer, Templates};
use crate::util::i18n::Lang;
use axum::extract::{DefaultBodyLimit, Request};
use axum::http::{header, HeaderValue};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

/// The largest request body read, in bytes; larger ones get 413.
pub const BODY_LIMIT: usize = 64 * 1024;

/// How to start the server.
#[derive(Debug, Clone)]
pub struct Config {
    /// The address to listen on; 127.0.0.1 unless told otherwise.
    pub addr: SocketAddr,
    /// Read policies from this directory instead of the built-in ones.
    pub policies: Option<PathBuf>,
    /// Templates here replace the built-in ones of the same name.
    pub templates: Option<PathBuf>,
    /// Render threads and waiting renders (default: one per core, 256 per thread).
    pub render: Option<(usize, usize)>,
    /// Connections, timeouts and the stop's deadline.
    pub limits: Limits,
    /// The bounds of the batch routes.
    pub batch: BatchLimits,
    /// The language of the lines printed when the server starts.
    pub lang: Lang,
    /// The office file (`--office`): the office named on every checklist.
    pub office: Option<PathBuf>,
}

/// Why the server could not start or stopped.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("policy {0}")]
    Policy(String),
    #[error(transparent)]
    Templates(#[from] crate::output::render::TemplateError),
    #[error("fonts: {0}")]
    Fonts(String),
    #[error("{0}")]
    Office(String),
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("server: {0}")]
    Io(#[from] std::io::Error),
}

/// What every request shares: the policies, templates and fonts, loaded once, and the
/// threads that render.
pub struct App {
    library: Library,
    renderer: Arc<Renderer>,
    pool: pool::RenderPool,
    batches: batch::Batches,
}

impl App {
    /// Loads the policies, the templates and the PDF fonts.
    pub fn load(
        policies: Option<&std::path::Path>,
        templates: Option<&std::path::Path>,
    ) -> Result<App, ServeError> {
        let library = match policies {
            Some(d) => Library::from_dir(d),
            None => Library::embedded(),
        }
        .map_err(|e| ServeError::Policy(e.to_string()))?;
        let templates = Templates::load(templates)?;
        let fonts = crate::output::pdf::FontSet::embedded()
            .map_err(|e| ServeError::Fonts(e.to_string()))?;
        Ok(App {
            library,
            renderer: Arc::new(Renderer {
                templates,
                fonts: Some(fonts),
                explain: false,
                forms: true,
                office: None,
            }),
            pool: pool::RenderPool::per_core(),
            batches: batch::Batches::new(BatchLimits::default()),
        })
    }

    /// Renders on `threads` threads with room for `queue` waiting renders (default: one
    /// thread per core, [`pool::QUEUE_PER_THREAD`] waiting per thread).
    pub fn with_render_pool(mut self, threads: usize, queue: usize) -> App {
        self.pool = pool::RenderPool::new(threads, queue);
        self
    }

    /// The same, with the office read from `path` named on every checklist; before the
    /// app serves (while nothing else holds its renderer).
    pub fn with_office(mut self, path: &std::path::Path, lang: Lang) -> Result<App, ServeError> {
        let renderer = Arc::get_mut(&mut self.renderer)
            .ok_or_else(|| ServeError::Office("the server is already serving".to_string()))?;
        let fonts = renderer
            .fonts
            .as_ref()
            .ok_or_else(|| ServeError::Fonts("not loaded".to_string()))?;
        let office = crate::frontend::office::load(path, fonts)
            .map_err(|m| ServeError::Office(m.text(lang)))?;
        renderer.office = Some(office);
        Ok(self)
    }

    /// The same, with these bounds for the batch routes.
    pub fn with_limits(mut self, limits: BatchLimits) -> App {
        self.batches = batch::Batches::new(limits);
        self
    }
}

/// The routes, with the body limit, the log and the security headers; a request must be
/// answered within `request_limit` (408 otherwise), except the batch routes, which have
/// bounds of their own.
pub fn router(app: Arc<App>, request_limit: std::time::Duration) -> Router {
    let limits = app.batches.limits();
    Router::new()
        .route("/", get(handlers::index))
        .route("/form", get(handlers::form_get).post(handlers::form_post))
        .route("/questions", post(handlers::questions))
        .route("/checklist", post(handlers::checklist))
        .route("/plan", get(plan::form_get).post(plan::plan))
        .route("/plan/form", post(plan::form_post))
        .route("/plan/questions", post(plan::questions))
        .route("/assets/serve.js", get(handlers::script))
        .layer(middleware::from_fn(move |req, next| {
            listen::request_deadline(request_limit, req, next)
        }))
        .merge(batch::routes(limits))
        .fallback(handlers::not_found)
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(middleware::from_fn(origin::refuse_cross_site))
        .layer(middleware::from_fn(log_and_protect))
        .with_state(app)
}

/// Logs method, path (never the query or body), status and duration; adds the headers
/// that keep personal pages out of caches and other sites.
async fn log_and_protect(req: Request, next: Next) -> Response {
    let start = Instant::now();
    let method = req.method().clone();
    let path = crate::util::input_text::shown(req.uri().path(), 100);
    let mut res = next.run(req).await;
    let json = res
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    if res.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE && !json {
        // The body limit's own answer is plain text: give API clients their error shape.
        res = failed::too_large();
    }
    let h = res.headers_mut();
    let set = |h: &mut axum::http::HeaderMap, name, value: &'static str| {
        h.entry(name).or_insert(HeaderValue::from_static(value));
    };
    set(h, header::CACHE_CONTROL, "no-store");
    set(h, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(h, header::REFERRER_POLICY, "no-referrer");
    set(h, header::X_FRAME_OPTIONS, "DENY");
    set(
        h,
        header::CONTENT_SECURITY_POLICY,
        "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'unsafe-inline'; \
         img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
    );
    eprintln!(
        "{method} {path} {} {}ms",
        res.status().as_u16(),
        start.elapsed().as_millis()
    );
    res
}

/// Serves on a listener already bound until `stop` completes, then finishes the requests
/// under way (for at most the default [`Limits::shutdown`]). Blocks; builds its own runtime.
pub fn serve_listener(
    listener: std::net::TcpListener,
    app: App,
    stop: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<(), ServeError> {
    serve_listener_with(listener, app, Limits::default(), stop)
}

/// [`serve_listener`] with the given limits.
pub fn serve_listener_with(
    listener: std::net::TcpListener,
    app: App,
    limits: Limits,
    stop: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<(), ServeError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let served = runtime.block_on(async move {
        listener.set_nonblocking(true)?;
        let listener = tokio::net::TcpListener::from_std(listener)?;
        let router = router(Arc::new(app), limits.request);
        listen::serve(listener, router, limits, stop).await?;
        Ok(())
    });
    // Connections still open after the deadline are dropped, not waited for.
    runtime.shutdown_timeout(std::time::Duration::from_millis(200));
    served
}

/// Waits for Ctrl-C, or SIGTERM where there is one.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    eprintln!("stopping: finishing the requests under way");
}

/// Loads everything, listens, prints the address to open, and serves until Ctrl-C.
pub fn run(config: &Config) -> Result<(), ServeError> {
    let mut app = App::load(config.policies.as_deref(), config.templates.as_deref())?
        .with_limits(config.batch);
    // What a server that was killed left: its sheets of names and ID numbers.
    let swept = batch::dirs::sweep_stale(&std::env::temp_dir(), batch::dirs::STALE_AFTER);
    if swept > 0 {
        eprintln!("removed {swept} batch folder(s) a stopped server left");
    }
    if let Some(path) = &config.office {
        app = app.with_office(path, config.lang)?;
    }
    if let Some((threads, queue)) = config.render {
        app = app.with_render_pool(threads, queue);
    }
    let listener = std::net::TcpListener::bind(config.addr).map_err(|source| ServeError::Bind {
        addr: config.addr,
        source,
    })?;
    let addr = listener.local_addr()?;
    let open = msg!("serve-open", url = format!("http://{addr}/"));
    println!("{}", open.text(config.lang));
    if !addr.ip().is_loopback() {
        let reachable = msg!("serve-reachable", ip = addr.ip().to_string());
        println!("{}", reachable.text(config.lang));
    }
    let served = serve_listener_with(listener, app, config.limits, shutdown_signal());
    // Jobs still running when the grace period ended: their threads end with the
    // process, without removing their folders; they are removed here.
    let removed = batch::dirs::remove_live();
    if removed > 0 {
        eprintln!("removed {removed} folder(s) of batches cut short");
    }
    served
}
