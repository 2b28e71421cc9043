//! Posts from other sites are refused: a page elsewhere could otherwise submit a form to
//! this server from a person's browser (and read nothing back, but start a batch or fill
//! the log). A browser says where a request comes from: `Sec-Fetch-Site` (every current
//! browser), else `Origin`, which must name the host the request was sent to. A request
//! with neither (curl, a script) is not a browser's and goes through.

use axum::extract::Request;
use axum::http::{header, Method};
use axum::middleware::Next;
use axum::response::Response;

/// Answers 403 to a request that changes something (not `GET`, `HEAD`, `OPTIONS`) sent by
/// a page of another site.
pub async fn refuse_cross_site(req: Request, next: Next) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) || same_site(&req) {
        return next.run(req).await;
    }
    super::failed::cross_site()
}

/// Whether a browser sent the request from one of this server's pages (or no browser did).
fn same_site(req: &Request) -> bool {
    let text = |name| req.headers().get(name).and_then(|v| v.to_str().ok());
    if let Some(site) = text(header::HeaderName::from_static("sec-fetch-site")) {
        // `none`: the person typed the address or used a bookmark.
        return matches!(site, "same-origin" | "none");
    }
    match text(header::ORIGIN) {
        None => true,
        Some(origin) => {
            let authority = origin
                .split_once("://")
                .map_or("", |(_, rest)| rest.trim_end_matches('/'));
            text(header::HOST).is_some_and(|host| host.eq_ignore_ascii_case(authority))
        }
    }
}
