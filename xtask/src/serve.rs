//! A static file server for dist/ on 127.0.0.1 (for `cargo xtask serve` and the browser tests).

use std::path::{Path, PathBuf};
use std::sync::Arc;

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("wasm") => "application/wasm",
        Some("svg") => "image/svg+xml",
        Some("webmanifest") => "application/manifest+json",
        Some("txt") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// Binds 127.0.0.1:`port` (0 = any free port); returns the server and its port.
pub fn bind(port: u16) -> Result<(Arc<tiny_http::Server>, u16), String> {
    let server =
        tiny_http::Server::http(("127.0.0.1", port)).map_err(|e| format!("cannot listen on 127.0.0.1:{port}: {e}"))?;
    let port = server.server_addr().to_ip().map(|a| a.port()).ok_or("the server has no IP address")?;
    Ok((Arc::new(server), port))
}

/// Serves files under `root` until the server is unblocked or the process ends.
pub fn serve(server: Arc<tiny_http::Server>, root: PathBuf) {
    for request in server.incoming_requests() {
        let url = request.url().split(['?', '#']).next().unwrap_or("/").to_string();
        let rel = url.trim_start_matches('/');
        let rel = if rel.is_empty() || rel.ends_with('/') { format!("{rel}index.html") } else { rel.to_string() };
        // Only plain relative paths inside root: no "..", no absolute paths.
        let safe = !rel.split('/').any(|p| p == ".." || p.is_empty());
        let path = root.join(&rel);
        let response = match (safe, std::fs::read(&path)) {
            (true, Ok(bytes)) => {
                let header = tiny_http::Header::from_bytes("Content-Type", content_type(&path)).expect("static header");
                let no_cache = tiny_http::Header::from_bytes("Cache-Control", "no-cache").expect("static header");
                tiny_http::Response::from_data(bytes).with_header(header).with_header(no_cache)
            }
            _ => tiny_http::Response::from_data(b"not found".to_vec()).with_status_code(404),
        };
        let _ = request.respond(response);
    }
}
