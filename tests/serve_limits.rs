//! `doclist serve` under load and against slow clients: a bounded render queue (503 with
//! `Retry-After` when full), a cap on connections, a header-read timeout, and a stop that
//! waits for slow clients only until its deadline.

use doclist::frontend::serve::{serve_listener_with, App, Limits};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

const PDF_REQUEST: &str =
    "policy=shanghai%2Fresidence-registration&name=%E6%9D%8E%E5%B0%8F%E9%9B%A8\
&id_number=340102201603020121&channel=offline&housing=relative_owned&date=2026-11-23&format=pdf";

/// A server on its own port with these limits; sending on the returned channel stops it,
/// and the thread's result says when it returned.
fn start(
    app: App,
    limits: Limits,
) -> (
    SocketAddr,
    tokio::sync::oneshot::Sender<()>,
    std::thread::JoinHandle<Instant>,
) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let stop = async move {
        let _ = rx.await;
    };
    let server = std::thread::spawn(move || {
        serve_listener_with(listener, app, limits, stop).expect("serves");
        Instant::now()
    });
    (addr, tx, server)
}

/// One request on a fresh connection: status line, headers and body as text.
fn request(addr: SocketAddr, body: &str) -> String {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    write!(
        s,
        "POST /checklist HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    String::from_utf8_lossy(&out).into_owned()
}

/// Reads until the server closes the connection; how long that took, or None after `limit`.
fn closed_within(s: &mut TcpStream, limit: Duration) -> Option<(Duration, String)> {
    let start = Instant::now();
    s.set_read_timeout(Some(limit)).unwrap();
    let mut out = Vec::new();
    let mut buf = [0u8; 1024];
    loop {
        match s.read(&mut buf) {
            Ok(0) => return Some((start.elapsed(), String::from_utf8_lossy(&out).into())),
            Ok(n) => out.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => {
                return Some((start.elapsed(), String::from_utf8_lossy(&out).into()))
            }
            Err(_) => return None,
        }
    }
}

#[test]
fn a_full_render_queue_answers_503_with_retry_after() {
    let app = App::load(None, None).unwrap().with_render_pool(1, 0);
    let (addr, stop, server) = start(app, Limits::default());
    let replies: Vec<String> = std::thread::scope(|scope| {
        let clients: Vec<_> = (0..12)
            .map(|_| scope.spawn(|| request(addr, PDF_REQUEST)))
            .collect();
        clients.into_iter().map(|c| c.join().unwrap()).collect()
    });
    let ok = replies
        .iter()
        .filter(|r| r.starts_with("HTTP/1.1 200"))
        .count();
    let busy: Vec<&String> = replies
        .iter()
        .filter(|r| r.starts_with("HTTP/1.1 503"))
        .collect();
    assert_eq!(ok + busy.len(), replies.len(), "{replies:?}");
    assert!(ok >= 1, "none rendered");
    assert!(
        !busy.is_empty(),
        "12 PDFs at once on one thread with no queue: none turned away"
    );
    for r in busy {
        let lower = r.to_ascii_lowercase();
        assert!(lower.contains("\r\nretry-after: 1\r\n"), "{r}");
        assert!(lower.contains("application/json"), "{r}");
        let body = &r[r.find("\r\n\r\n").unwrap() + 4..];
        let v: serde_json::Value = serde_json::from_str(body).unwrap();
        assert!(
            v["errors"][0]["message"].as_str().unwrap().contains("繁忙"),
            "{v}"
        );
    }
    stop.send(()).unwrap();
    server.join().unwrap();
}

#[test]
fn a_client_that_never_finishes_its_headers_is_cut_off() {
    let limits = Limits {
        header_read: Duration::from_secs(1),
        ..Limits::default()
    };
    let (addr, stop, server) = start(App::load(None, None).unwrap(), limits);
    let mut slow = TcpStream::connect(addr).unwrap();
    slow.write_all(b"POST /checklist HTTP/1.1\r\nHost: x\r\n")
        .unwrap();
    let (took, _) = closed_within(&mut slow, Duration::from_secs(10))
        .expect("the server keeps a client that sends no headers");
    assert!(took < Duration::from_secs(5), "{took:?}");
    // An idle kept-alive connection goes the same way.
    let mut idle = TcpStream::connect(addr).unwrap();
    assert!(closed_within(&mut idle, Duration::from_secs(10)).is_some());
    stop.send(()).unwrap();
    server.join().unwrap();
}

#[test]
fn connections_over_the_cap_are_answered_503_and_closed() {
    let limits = Limits {
        connections: 2,
        ..Limits::default()
    };
    let (addr, stop, server) = start(App::load(None, None).unwrap(), limits);
    let a = TcpStream::connect(addr).unwrap();
    let b = TcpStream::connect(addr).unwrap();
    std::thread::sleep(Duration::from_millis(200));
    let mut c = TcpStream::connect(addr).unwrap();
    let (_, reply) = closed_within(&mut c, Duration::from_secs(10))
        .expect("a third connection is closed at once");
    assert!(reply.starts_with("HTTP/1.1 503"), "{reply}");
    assert!(reply.contains("Retry-After: 1"), "{reply}");
    // The same security headers as every other answer.
    for h in [
        "X-Content-Type-Options: nosniff",
        "Content-Security-Policy: default-src 'none'",
        "X-Frame-Options: DENY",
        "Cache-Control: no-store",
    ] {
        assert!(reply.contains(h), "{h}: {reply}");
    }
    drop((a, b));
    // Once they are gone, a request gets through.
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let r = request(addr, "policy=shanghai%2Fresidence-registration&format=json");
        if r.starts_with("HTTP/1.1 200") {
            break;
        }
        assert!(Instant::now() < deadline, "{r}");
        std::thread::sleep(Duration::from_millis(50));
    }
    stop.send(()).unwrap();
    server.join().unwrap();
}

#[test]
fn a_stop_waits_for_a_slow_client_only_until_its_deadline() {
    let limits = Limits {
        header_read: Duration::from_secs(600),
        request: Duration::from_secs(600),
        shutdown: Duration::from_secs(1),
        ..Limits::default()
    };
    let (addr, stop, server) = start(App::load(None, None).unwrap(), limits);
    // A request whose body never comes.
    let mut slow = TcpStream::connect(addr).unwrap();
    slow.write_all(
        b"POST /checklist HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\npolicy=",
    )
    .unwrap();
    std::thread::sleep(Duration::from_millis(200));
    let asked = Instant::now();
    stop.send(()).unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(server.join());
    });
    let stopped = rx
        .recv_timeout(Duration::from_secs(10))
        .expect("the server still waits for the slow client")
        .unwrap();
    let took = stopped - asked;
    assert!(took >= Duration::from_millis(900), "{took:?}");
    assert!(took < Duration::from_secs(5), "{took:?}");
    drop(slow);
}

#[test]
fn a_request_whose_body_trickles_gets_408() {
    let limits = Limits {
        request: Duration::from_secs(1),
        ..Limits::default()
    };
    let (addr, stop, server) = start(App::load(None, None).unwrap(), limits);
    let mut slow = TcpStream::connect(addr).unwrap();
    slow.write_all(
        b"POST /checklist HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\npolicy=",
    )
    .unwrap();
    let (took, reply) =
        closed_within(&mut slow, Duration::from_secs(10)).expect("answered and closed");
    assert!(reply.starts_with("HTTP/1.1 408"), "{reply}");
    assert!(took < Duration::from_secs(5), "{took:?}");
    stop.send(()).unwrap();
    server.join().unwrap();
}

/// Two uploads to `POST /batch` at a byte a second held both job slots for the request's
/// five minutes; an upload that falls behind the minimum rate after its grace gets 408 and
/// frees its slot.
#[test]
fn batch_uploads_that_trickle_are_cut_off_and_free_their_slots() {
    let batch = doclist::frontend::serve::BatchLimits {
        max_jobs: 2,
        upload_grace: Duration::from_secs(1),
        ..Default::default()
    };
    let app = App::load(None, None).unwrap().with_limits(batch);
    let (addr, stop, server) = start(app, Limits::default());
    let start_all = Instant::now();
    let replies: Vec<(Duration, String)> = std::thread::scope(|scope| {
        let clients: Vec<_> = (0..2)
            .map(|_| {
                scope.spawn(move || {
                    let mut s = TcpStream::connect(addr).unwrap();
                    write!(
                        s,
                        "POST /batch HTTP/1.1\r\nHost: x\r\nAccept: application/json\r\n\
                         Content-Type: multipart/form-data; boundary=b\r\nContent-Length: 100000\r\n\r\n\
                         --b\r\nContent-Disposition: form-data; name=\"sheet\"; filename=\"s.csv\"\r\n\r\n"
                    )
                    .unwrap();
                    // A byte every second and a half, for at most 15 s.
                    let mut w = s.try_clone().unwrap();
                    std::thread::spawn(move || {
                        for _ in 0..10 {
                            std::thread::sleep(Duration::from_millis(1500));
                            if w.write_all(b"x").is_err() {
                                break;
                            }
                        }
                    });
                    closed_within(&mut s, Duration::from_secs(20)).expect("answered")
                })
            })
            .collect();
        clients.into_iter().map(|c| c.join().unwrap()).collect()
    });
    for (took, reply) in &replies {
        assert!(reply.starts_with("HTTP/1.1 408"), "{reply}");
        assert!(reply.contains("too_slow"), "{reply}");
        assert!(*took < Duration::from_secs(8), "{took:?}");
    }
    eprintln!(
        "both trickling uploads cut off after {:?}",
        start_all.elapsed()
    );
    let health = request_to(
        addr,
        "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    );
    assert!(health.contains("\"batch_slots_free\": 2"), "{health}");
    stop.send(()).unwrap();
    server.join().unwrap();
}

/// A client that stops reading its zip held its batch slot for as long as it kept the
/// connection open; a download that stands still for `download_stall` ends its job, frees
/// the slot, and ends in a broken download rather than a short zip that looks whole.
#[test]
fn a_download_nobody_reads_frees_its_slot() {
    let batch = doclist::frontend::serve::BatchLimits {
        max_jobs: 1,
        download_stall: Duration::from_secs(2),
        ..Default::default()
    };
    let app = App::load(None, None).unwrap().with_limits(batch);
    let (addr, stop, server) = start(app, Limits::default());
    // Enough PDFs (and their merged file) to fill every buffer between the job and us.
    let mut sheet = String::from("policy,name,channel,housing\n");
    for i in 0..400 {
        sheet.push_str(&format!(
            "shanghai/residence-registration,员工{i},offline,owned\n"
        ));
    }
    let mut body = Vec::new();
    for (name, value) in [("format", "pdf"), ("date", "2026-11-23")] {
        write!(
            body,
            "--b\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
        )
        .unwrap();
    }
    write!(
        body,
        "--b\r\nContent-Disposition: form-data; name=\"sheet\"; filename=\"s.csv\"\r\n\
         Content-Type: text/csv\r\n\r\n{sheet}\r\n--b--\r\n"
    )
    .unwrap();
    let mut client = TcpStream::connect(addr).unwrap();
    write!(
        client,
        "POST /batch HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=b\r\n\
         Content-Length: {}\r\n\r\n",
        body.len()
    )
    .unwrap();
    client.write_all(&body).unwrap();
    let mut head = [0u8; 12];
    client
        .set_read_timeout(Some(Duration::from_secs(60)))
        .unwrap();
    client.read_exact(&mut head).unwrap();
    assert_eq!(&head, b"HTTP/1.1 200", "{}", String::from_utf8_lossy(&head));
    // From here on nothing is read.
    let stood_still = Instant::now();
    let freed = loop {
        let health = request_to(
            addr,
            "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        );
        if health.contains("\"batch_slots_free\": 1") {
            break stood_still.elapsed();
        }
        assert!(
            stood_still.elapsed() < Duration::from_secs(120),
            "the slot is still held by a client that reads nothing: {health}"
        );
        std::thread::sleep(Duration::from_millis(250));
    };
    eprintln!("the slot was freed {freed:?} after the client stopped reading");
    // What is left of the answer ends broken: no last chunk of a finished body.
    let (_, rest) = closed_within(&mut client, Duration::from_secs(60)).expect("closed");
    assert!(
        !rest.ends_with("\r\n0\r\n\r\n"),
        "the body ended as if whole"
    );
    stop.send(()).unwrap();
    server.join().unwrap();
}

/// Connections that send nothing held every connection slot (each for the ten seconds of
/// the header timeout, then opened again); a silent connection is closed after
/// `first_byte`, and the server answers again.
#[test]
fn silent_connections_are_closed_after_a_few_seconds() {
    let limits = Limits {
        connections: 4,
        first_byte: Duration::from_secs(1),
        ..Limits::default()
    };
    let (addr, stop, server) = start(App::load(None, None).unwrap(), limits);
    let mut silent: Vec<TcpStream> = (0..4).map(|_| TcpStream::connect(addr).unwrap()).collect();
    for s in &mut silent {
        let (took, reply) =
            closed_within(s, Duration::from_secs(10)).expect("a silent connection is closed");
        assert!(reply.is_empty(), "{reply}");
        assert!(took < Duration::from_secs(3), "{took:?}");
    }
    let r = request(addr, "policy=shanghai%2Fresidence-registration&format=json");
    assert!(r.starts_with("HTTP/1.1 200"), "{r}");
    stop.send(()).unwrap();
    server.join().unwrap();
}

/// One client address may hold only `per_client` connections: one more is answered 503
/// at once, and another address is not held up.
#[test]
fn one_client_may_hold_only_its_share_of_connections() {
    let limits = Limits {
        per_client: 2,
        ..Limits::default()
    };
    let (addr, stop, server) = start(App::load(None, None).unwrap(), limits);
    let mut held: Vec<TcpStream> = (0..2)
        .map(|_| {
            let mut s = TcpStream::connect(addr).unwrap();
            s.write_all(b"POST /checklist HTTP/1.1\r\n").unwrap();
            s
        })
        .collect();
    std::thread::sleep(Duration::from_millis(200));
    let mut third = TcpStream::connect(addr).unwrap();
    let (took, reply) = closed_within(&mut third, Duration::from_secs(10)).expect("closed");
    assert!(reply.starts_with("HTTP/1.1 503"), "{reply}");
    assert!(took < Duration::from_secs(2), "{took:?}");
    held.pop();
    std::thread::sleep(Duration::from_millis(200));
    let r = request(addr, "policy=shanghai%2Fresidence-registration&format=json");
    assert!(r.starts_with("HTTP/1.1 200"), "{r}");
    drop(held);
    stop.send(()).unwrap();
    server.join().unwrap();
}

/// Sends `raw` on a fresh connection; the whole answer.
fn request_to(addr: SocketAddr, raw: &str) -> String {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    s.write_all(raw.as_bytes()).unwrap();
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    String::from_utf8_lossy(&out).into_owned()
}
