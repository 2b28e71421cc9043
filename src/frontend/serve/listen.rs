//! Accepting connections within limits: how many at once, and from one client address,
//! how long a connection may stay silent, how long a client may take to send its request
//! line and headers (and its whole request), and how long a stop waits for the requests
//! under way.
//!
//! Without these, thousands of slow or silent connections starve the server and one slow
//! client holds up a stop for ever.

use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use std::collections::HashMap;
use std::future::Future;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::AsyncWriteExt;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;

/// The limits on connections; [`Limits::default`] suits an office's internal page.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Connections open at once; one more is answered 503 and closed.
    pub connections: usize,
    /// Connections open at once from one client address; one more is answered 503 and
    /// closed. Behind a proxy every client has the proxy's address: raise it there.
    pub per_client: usize,
    /// Time a new connection has to send its first byte; one that stays silent is closed
    /// (at most `header_read`).
    pub first_byte: Duration,
    /// Time a client has to send a request's line and headers (also the longest a
    /// kept-alive connection may sit idle).
    pub header_read: Duration,
    /// Time from the headers to the reply: reading the body, waiting for a renderer and
    /// rendering. Past it the request gets 408.
    pub request: Duration,
    /// On stop: how long the requests under way may take before their connections are
    /// closed.
    pub shutdown: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            connections: 512,
            per_client: 64,
            first_byte: Duration::from_secs(3),
            header_read: Duration::from_secs(10),
            request: Duration::from_secs(30),
            shutdown: Duration::from_secs(10),
        }
    }
}

/// What a connection over the limit is told before it is closed.
const BUSY: &[u8] = b"HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 48\r\nConnection: close\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nReferrer-Policy: no-referrer\r\nX-Frame-Options: DENY\r\nContent-Security-Policy: default-src 'none'; frame-ancestors 'none'\r\n\r\n\xe6\x9c\x8d\xe5\x8a\xa1\xe5\x99\xa8\xe7\xb9\x81\xe5\xbf\x99\xef\xbc\x8c\xe8\xaf\xb7\xe7\xa8\x8d\xe5\x90\x8e\xe5\x86\x8d\xe8\xaf\x95 (server busy)\n";

/// A request that takes longer than `limit` from its headers to its reply gets 408.
pub async fn request_deadline(limit: Duration, req: Request, next: Next) -> Response {
    match tokio::time::timeout(limit, next.run(req)).await {
        Ok(res) => res,
        Err(_) => {
            let mut res = (
                StatusCode::REQUEST_TIMEOUT,
                "请求超时 (the request took too long)\n",
            )
                .into_response();
            res.headers_mut()
                .insert(header::CONNECTION, HeaderValue::from_static("close"));
            res
        }
    }
}

/// Serves `router` on `listener` until `stop` completes, then lets the requests under way
/// finish for at most `limits.shutdown`.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: Limits,
    stop: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let slots = Arc::new(Semaphore::new(limits.connections));
    let clients = Clients::default();
    let graceful = GracefulShutdown::new();
    let service = TowerToHyperService::new(router);
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.header_read)
        .keep_alive(true);
    let first_byte = limits.first_byte.min(limits.header_read);
    tokio::pin!(stop);
    loop {
        let (mut stream, peer) = tokio::select! {
            () = &mut stop => break,
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    // Out of file descriptors and the like: wait a moment rather than spin.
                    eprintln!("accept: {e}");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
        };
        let held = Arc::clone(&slots)
            .try_acquire_owned()
            .ok()
            .zip(clients.enter(peer.ip(), limits.per_client));
        let Some(held) = held else {
            tokio::spawn(async move {
                let _ = tokio::time::timeout(Duration::from_secs(1), stream.write_all(BUSY)).await;
            });
            continue;
        };
        let (http, service, watcher) = (http.clone(), service.clone(), graceful.watcher());
        tokio::spawn(async move {
            // A connection that says nothing is closed before it costs a slot for long.
            let mut first = [0u8; 1];
            match tokio::time::timeout(first_byte, stream.peek(&mut first)).await {
                Ok(Ok(n)) if n > 0 => {}
                _ => return,
            }
            let conn = http.serve_connection(TokioIo::new(stream), service);
            let _ = watcher.watch(conn).await;
            drop(held);
        });
    }
    drop(listener);
    let open = graceful.count();
    if tokio::time::timeout(limits.shutdown, graceful.shutdown())
        .await
        .is_err()
    {
        eprintln!(
            "stopping: requests still under way after {} s; closing their connections",
            limits.shutdown.as_secs()
        );
    } else if open > 0 {
        eprintln!("stopping: the requests under way are done");
    }
    Ok(())
}

/// The connections open from each client address.
#[derive(Default, Clone)]
struct Clients(Arc<Mutex<HashMap<IpAddr, usize>>>);

/// One connection counted for its client address until dropped.
struct Entered {
    clients: Clients,
    ip: IpAddr,
}

impl Clients {
    /// Counts one more connection from `ip`, unless it has `max` open already.
    fn enter(&self, ip: IpAddr, max: usize) -> Option<Entered> {
        let mut open = self.0.lock().ok()?;
        let n = open.entry(ip).or_default();
        if *n >= max {
            return None;
        }
        *n += 1;
        Some(Entered {
            clients: self.clone(),
            ip,
        })
    }
}

impl Drop for Entered {
    fn drop(&mut self) {
        if let Ok(mut open) = self.clients.0.lock() {
            if let Some(n) = open.get_mut(&self.ip) {
                *n -= 1;
                if *n == 0 {
                    open.remove(&self.ip);
                }
            }
        }
    }
}
