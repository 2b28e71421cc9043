//! A small HTTP client for the tests of `doclist serve`: replies with status, type,
//! disposition and body, never an error for a status.

#![allow(dead_code)]

pub struct Reply {
    pub status: u16,
    pub content_type: String,
    pub disposition: String,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }
}

pub fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into()
}

pub fn reply(res: Result<ureq::http::Response<ureq::Body>, ureq::Error>) -> Reply {
    let mut res = res.expect("request");
    let header = |name: &str| {
        res.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string()
    };
    let content_type = header("content-type");
    let disposition = header("content-disposition");
    let status = res.status().as_u16();
    let body = res
        .body_mut()
        .with_config()
        .limit(20 << 20)
        .read_to_vec()
        .expect("body");
    Reply {
        status,
        content_type,
        disposition,
        body,
    }
}

/// Starts the built-in web page in this process on a free port of 127.0.0.1, serving until
/// the tests end; its base URL.
pub fn start() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("address");
    let app = doclist::frontend::serve::App::load(None, None)
        .expect("policies, templates and fonts load");
    std::thread::spawn(move || {
        doclist::frontend::serve::serve_listener(listener, app, std::future::pending())
    });
    format!("http://{addr}")
}
