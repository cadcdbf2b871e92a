//! The preview's HTTP/1.1 server, small and bounded: at most [`MAX_CONNECTIONS`] connections
//! are open at once (beyond, a short 503), each request's head is read within limits of size,
//! headers and time, only `GET` and `HEAD` without a body are taken, and only requests addressed
//! to the server ([`guard`]) reach the handler. A handler answers with a whole response, or
//! keeps the connection for an event stream (at most [`MAX_EVENT_STREAMS`] of them, so that
//! open tabs never take every connection from page loads).
//!
//! tiny_http, used before, spawns a thread for each connection before any request is seen and
//! reads request lines and headers of any length; neither can be limited from outside it.

use std::io::{self, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Arc};
use std::time::{Duration, Instant};

use super::guard::{self, Addresses};

/// Connections open at once; beyond, new ones get a 503.
pub(crate) const MAX_CONNECTIONS: usize = 64;
/// Event streams (live reload, one per open tab) among them.
pub(crate) const MAX_EVENT_STREAMS: usize = 48;
/// The longest request head (request line and headers) taken.
const MAX_HEAD: usize = 32 * 1024;
/// The longest request target (path and query) taken.
const MAX_URL: usize = 8 * 1024;
/// The most headers a request may have.
const MAX_HEADERS: usize = 64;
/// How long a request's head may take to arrive, and how long an idle connection is kept for
/// the next request.
const HEAD_TIME: Duration = Duration::from_secs(10);
/// How long a write may wait for a reader who does not read.
const WRITE_TIME: Duration = Duration::from_secs(30);

/// What a request asks for.
#[derive(Debug)]
pub(crate) struct Request {
    /// `HEAD` (headers only) rather than `GET`.
    pub(crate) head_only: bool,
    /// The request target as sent: `/guidance/?q=x`.
    pub(crate) url: String,
    /// Its headers, names in lower case.
    headers: Vec<(String, String)>,
    /// The client will send another request on this connection.
    keep_alive: bool,
}

impl Request {
    /// The first header called `name` (lower case).
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// Whether it comes from one of the server's own pages (see [`guard::from_own_page`]).
    pub(crate) fn is_from_own_page(&self) -> bool {
        guard::from_own_page(
            self.header("host").unwrap_or_default(),
            self.header("origin"),
            self.header("sec-fetch-site"),
        )
    }
}

/// A whole response.
#[derive(Debug)]
pub(crate) struct Response {
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: Vec<u8>,
}

impl Response {
    /// A response with `status`, a `Content-Type` and a body; never cached.
    pub(crate) fn new(status: u16, content_type: &str, body: Vec<u8>) -> Response {
        Response {
            status,
            headers: vec![
                ("Content-Type", content_type.to_string()),
                ("Cache-Control", "no-store".to_string()),
            ],
            body,
        }
    }

    /// A short plain-text message.
    pub(crate) fn text(status: u16, message: &str) -> Response {
        Response::new(
            status,
            "text/plain; charset=utf-8",
            format!("{message}\n").into_bytes(),
        )
    }

    /// The same with one more header.
    pub(crate) fn with_header(mut self, name: &'static str, value: &str) -> Response {
        self.headers.push((name, value.to_string()));
        self
    }

    /// Writes it; the body only if `with_body`.
    fn write_to(&self, out: &mut impl Write, with_body: bool, keep_alive: bool) -> io::Result<()> {
        let mut head = format!("HTTP/1.1 {} {}\r\n", self.status, reason(self.status));
        for (name, value) in &self.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        let connection = if keep_alive { "keep-alive" } else { "close" };
        head.push_str(&format!(
            "Content-Length: {}\r\nConnection: {connection}\r\n\r\n",
            self.body.len()
        ));
        out.write_all(head.as_bytes())?;
        if with_body {
            out.write_all(&self.body)?;
        }
        out.flush()
    }
}

/// A long-lived answer that writes to the connection until it returns.
pub(crate) type Stream = Box<dyn FnOnce(&mut TcpStream) + Send>;

/// How a handler answers a request.
pub(crate) enum Answer {
    /// A whole response.
    Full(Response),
    /// An event stream: the connection is the function's until it returns.
    Stream(Stream),
}

/// Answers requests.
pub(crate) type Handler = dyn Fn(&Request) -> Answer + Send + Sync;

/// A listening server, before it runs.
pub(crate) struct Server {
    listener: TcpListener,
    addresses: Addresses,
}

impl Server {
    /// Listens on `address`.
    pub(crate) fn bind(address: SocketAddr) -> io::Result<Server> {
        let listener = TcpListener::bind(address)?;
        let port = listener.local_addr()?.port();
        Ok(Server {
            listener,
            addresses: Addresses::new(address.ip(), port),
        })
    }

    /// The port it listens on (the one picked, for port 0).
    pub(crate) fn port(&self) -> u16 {
        self.listener.local_addr().map_or(0, |a| a.port())
    }

    /// Accepts connections on a thread of its own, answering with `handler`, for as long as the
    /// process runs.
    pub(crate) fn run(self, handler: Arc<Handler>) {
        let limits = Arc::new(Counts::default());
        let (refuse, refused) = mpsc::sync_channel::<TcpStream>(MAX_CONNECTIONS);
        // One thread answers the connections over the limit, so that the accepting one never
        // waits on them; beyond its queue, they are closed unanswered.
        std::thread::spawn(move || {
            for stream in refused {
                let _ = busy().write_to(&mut &stream, true, false);
                close_gently(stream, Duration::from_millis(50));
            }
        });
        std::thread::spawn(move || {
            for stream in self.listener.incoming() {
                let Ok(stream) = stream else { continue };
                let Some(slot) = Slot::take(&limits.connections, MAX_CONNECTIONS) else {
                    let _ = refuse.try_send(stream);
                    continue;
                };
                let (handler, limits) = (Arc::clone(&handler), Arc::clone(&limits));
                let addresses = self.addresses.clone();
                let _ = std::thread::Builder::new()
                    .name("soteria-http".into())
                    .spawn(move || {
                        let _slot = slot;
                        connection(stream, &addresses, &*handler, &limits);
                    });
            }
        });
    }
}

/// How many connections and event streams are open.
#[derive(Debug, Default)]
struct Counts {
    connections: Arc<AtomicUsize>,
    streams: Arc<AtomicUsize>,
}

/// One of a limited number of places, given back when dropped.
struct Slot(Arc<AtomicUsize>);

impl Slot {
    /// A place in `count` if fewer than `max` are taken.
    fn take(count: &Arc<AtomicUsize>, max: usize) -> Option<Slot> {
        count
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| {
                (n < max).then_some(n + 1)
            })
            .ok()
            .map(|_| Slot(Arc::clone(count)))
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

/// The answer when every connection is taken.
fn busy() -> Response {
    Response::text(
        503,
        "The preview is busy: too many connections are open. Close some tabs, or try again in a moment.",
    )
    .with_header("Retry-After", "1")
}

/// Serves the requests of one connection, one after the other, until it closes, idles too
/// long, or a request is refused.
fn connection(mut stream: TcpStream, addresses: &Addresses, handler: &Handler, counts: &Counts) {
    let _ = stream.set_nodelay(true);
    let _ = stream.set_write_timeout(Some(WRITE_TIME));
    let mut buffer = Vec::new();
    loop {
        let request = match read_request(&mut stream, &mut buffer) {
            Ok(Some(request)) => request,
            Ok(None) => return,
            Err(refusal) => {
                let _ = refusal.write_to(&mut stream, true, false);
                close_gently(stream, Duration::from_millis(500));
                return;
            }
        };
        if let Err(refusal) = admit(&request, addresses) {
            let _ = refusal.write_to(&mut stream, !request.head_only, false);
            close_gently(stream, Duration::from_millis(500));
            return;
        }
        match handler(&request) {
            Answer::Full(response) => {
                let keep_alive = request.keep_alive;
                if response
                    .write_to(&mut stream, !request.head_only, keep_alive)
                    .is_err()
                    || !keep_alive
                {
                    return;
                }
            }
            Answer::Stream(stream_to) => {
                let Some(_slot) = Slot::take(&counts.streams, MAX_EVENT_STREAMS) else {
                    let _ = busy().write_to(&mut stream, true, false);
                    return;
                };
                let _ = stream.set_read_timeout(None);
                stream_to(&mut stream);
                return;
            }
        }
    }
}

/// Refuses a request that is not for this server or asks for more than it does: another
/// `Host` (421), a method other than `GET` and `HEAD` (405), a body (413).
fn admit(request: &Request, addresses: &Addresses) -> Result<(), Response> {
    let host = request.header("host").unwrap_or_default();
    if !addresses.answers(host) {
        return Err(Response::text(
            421,
            &format!(
                "This is Soteria's preview of a site, which answers only at its own address ({}); the address asked for, {host:?}, is not one of them.",
                addresses.describe()
            ),
        ));
    }
    let has_body = request
        .header("content-length")
        .is_some_and(|length| length.trim() != "0")
        || request.header("transfer-encoding").is_some();
    if has_body {
        return Err(Response::text(
            413,
            "Soteria's preview takes no request bodies.",
        ));
    }
    Ok(())
}

/// Reads the next request's head from `stream` (bytes after it stay in `buffer`). `Ok(None)`
/// when the connection closed or idled before a request began; `Err` with the response that
/// refuses one that is malformed, too large, too slow or of another method.
fn read_request(stream: &mut TcpStream, buffer: &mut Vec<u8>) -> Result<Option<Request>, Response> {
    let deadline = Instant::now() + HEAD_TIME;
    let mut scanned = 0;
    let end = loop {
        if let Some(at) = find_head_end(buffer, scanned) {
            break at;
        }
        scanned = buffer.len();
        if buffer.len() > MAX_HEAD {
            return Err(too_large(buffer));
        }
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() || stream.set_read_timeout(Some(left)).is_err() {
            return timed_out(buffer);
        }
        let mut chunk = [0; 4096];
        match stream.read(&mut chunk) {
            Ok(0) => return Ok(None),
            Ok(n) => buffer.extend_from_slice(&chunk[..n]),
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                ) =>
            {
                return timed_out(buffer);
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(_) => return Ok(None),
        }
    };
    let request = parse_head(&buffer[..end]);
    buffer.drain(..end);
    request.map(Some)
}

/// Where the head ends (just after its blank line), searching from about `from`.
fn find_head_end(buffer: &[u8], from: usize) -> Option<usize> {
    let start = from.saturating_sub(3);
    buffer
        .get(start..)?
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map(|at| start + at + 4)
}

/// The refusal of a head that goes on past [`MAX_HEAD`]: its URL or its headers are too long.
fn too_large(buffer: &[u8]) -> Response {
    let line_end = buffer.iter().position(|&b| b == b'\n');
    if line_end.is_none_or(|end| end > MAX_URL + 32) {
        url_too_long()
    } else {
        headers_too_large()
    }
}

fn url_too_long() -> Response {
    Response::text(
        414,
        &format!("This address is longer than Soteria's preview takes ({MAX_URL} bytes)."),
    )
}

fn headers_too_large() -> Response {
    Response::text(
        431,
        &format!("The request's headers are more than Soteria's preview takes ({MAX_HEADERS} headers, {MAX_HEAD} bytes)."),
    )
}

/// Nothing more came in time: an idle connection closes quietly, a half-sent request gets 408.
fn timed_out(buffer: &[u8]) -> Result<Option<Request>, Response> {
    if buffer.is_empty() {
        Ok(None)
    } else {
        Err(Response::text(408, "The request took too long to arrive."))
    }
}

/// Parses a complete request head.
fn parse_head(head: &[u8]) -> Result<Request, Response> {
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut parsed = httparse::Request::new(&mut headers);
    match parsed.parse(head) {
        Ok(httparse::Status::Complete(_)) => {}
        Err(httparse::Error::TooManyHeaders) => return Err(headers_too_large()),
        Ok(httparse::Status::Partial) | Err(_) => {
            return Err(Response::text(400, "This is not an HTTP request."))
        }
    }
    let url = parsed.path.unwrap_or_default();
    if url.len() > MAX_URL {
        return Err(url_too_long());
    }
    let head_only = match parsed.method.unwrap_or_default() {
        "GET" => false,
        "HEAD" => true,
        _ => {
            return Err(Response::text(
                405,
                "Soteria's preview only sends pages: it takes GET and HEAD requests.",
            )
            .with_header("Allow", "GET, HEAD"))
        }
    };
    let headers: Vec<(String, String)> = parsed
        .headers
        .iter()
        .map(|h| {
            (
                h.name.to_ascii_lowercase(),
                String::from_utf8_lossy(h.value).trim().to_string(),
            )
        })
        .collect();
    if headers.iter().filter(|(name, _)| name == "host").count() != 1 {
        return Err(Response::text(
            400,
            "The request must name its host once (a Host header).",
        ));
    }
    let connection = headers
        .iter()
        .find(|(name, _)| name == "connection")
        .map(|(_, value)| value.to_ascii_lowercase());
    let keep_alive = parsed.version == Some(1)
        && !connection.is_some_and(|value| value.split(',').any(|v| v.trim() == "close"));
    Ok(Request {
        head_only,
        url: url.to_string(),
        headers,
        keep_alive,
    })
}

/// Closes a connection after a refusal without discarding the refusal: stops writing, then
/// reads (for at most `wait`) what the client still sends, as closing with unread data would
/// reset the connection and could lose the answer before the client reads it.
fn close_gently(mut stream: TcpStream, wait: Duration) {
    let _ = stream.shutdown(Shutdown::Write);
    let deadline = Instant::now() + wait;
    let mut sink = [0; 4096];
    let mut read = 0;
    while read < 1 << 20 {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() || stream.set_read_timeout(Some(left)).is_err() {
            break;
        }
        match stream.read(&mut sink) {
            Ok(0) | Err(_) => break,
            Ok(n) => read += n,
        }
    }
}

/// The reason phrase of a status code.
fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        413 => "Content Too Large",
        414 => "URI Too Long",
        421 => "Misdirected Request",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Request, u16> {
        parse_head(text.as_bytes()).map_err(|r| r.status)
    }

    #[test]
    fn requests_are_read_with_their_headers() {
        let request =
            parse("GET /a/?q=1 HTTP/1.1\r\nHost: 127.0.0.1:1\r\nOrigin: x\r\n\r\n").unwrap();
        assert_eq!(request.url, "/a/?q=1");
        assert_eq!(request.header("origin"), Some("x"));
        assert!(request.keep_alive && !request.head_only);
        let request = parse("HEAD / HTTP/1.0\r\nHost: h\r\n\r\n").unwrap();
        assert!(request.head_only && !request.keep_alive);
        let request = parse("GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n").unwrap();
        assert!(!request.keep_alive);
    }

    #[test]
    fn requests_beyond_the_limits_are_refused() {
        assert_eq!(
            parse("POST / HTTP/1.1\r\nHost: h\r\n\r\n").unwrap_err(),
            405
        );
        assert_eq!(parse("GET / HTTP/1.1\r\n\r\n").unwrap_err(), 400);
        assert_eq!(
            parse("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n").unwrap_err(),
            400
        );
        assert_eq!(parse("nonsense\r\n\r\n").unwrap_err(), 400);
        let many = "X-A: 1\r\n".repeat(MAX_HEADERS + 1);
        assert_eq!(
            parse(&format!("GET / HTTP/1.1\r\nHost: h\r\n{many}\r\n")).unwrap_err(),
            431
        );
        let long = "a".repeat(MAX_URL + 1);
        assert_eq!(
            parse(&format!("GET /{long} HTTP/1.1\r\nHost: h\r\n\r\n")).unwrap_err(),
            414
        );
        assert_eq!(too_large(long.as_bytes()).status, 414);
        assert_eq!(
            too_large(format!("GET / HTTP/1.1\r\n{long}").as_bytes()).status,
            431
        );
    }

    #[test]
    fn the_end_of_a_head_is_found_across_reads() {
        let head = b"GET / HTTP/1.1\r\nHost: h\r\n\r\nGET";
        assert_eq!(find_head_end(head, 0), Some(head.len() - 3));
        assert_eq!(find_head_end(head, 26), Some(head.len() - 3));
        assert_eq!(find_head_end(b"GET / HTTP/1.1\r\n", 0), None);
    }
}
