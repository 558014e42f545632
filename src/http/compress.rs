//! Response compression for pages and fragments. actix's `Compress` hands every body over 1 KiB
//! to the blocking thread pool, which costs more than compressing a page; ours compresses in
//! place with fast settings (pages are a few KiB). Static assets arrive already compressed.

use std::io::Write;

use actix_web::Error;
use actix_web::body::{self, BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::Next;

/// Below this, compression saves less than its headers cost.
const MIN_BYTES: usize = 512;

/// Pages are a few KiB: quality 1 compresses a 3 KiB page in ~16 µs to 52 %, quality 5 takes
/// ~55 µs — more than the rest of the request — to save another 350 bytes
/// (`cargo run --release --example compress_bench -- page.html`).
const BROTLI_QUALITY: u32 = 1;

#[derive(Clone, Copy)]
enum Encoding {
    Brotli,
    Gzip,
}

fn accepted(req: &ServiceRequest) -> Option<Encoding> {
    let v = req.headers().get(header::ACCEPT_ENCODING)?.to_str().ok()?;
    let accepts = |name: &str| {
        v.split(',').any(|part| {
            let mut it = part.split(';');
            let coding = it.next().unwrap_or("").trim();
            let refused = it.any(|p| matches!(p.trim(), "q=0" | "q=0.0" | "q=0.00" | "q=0.000"));
            coding.eq_ignore_ascii_case(name) && !refused
        })
    };
    if accepts("br") {
        Some(Encoding::Brotli)
    } else if accepts("gzip") {
        Some(Encoding::Gzip)
    } else {
        None
    }
}

fn compressible(res: &ServiceResponse<BoxBody>) -> bool {
    if res.headers().contains_key(header::CONTENT_ENCODING) {
        return false;
    }
    res.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("text/") || ct.starts_with("application/json"))
}

pub async fn compress(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let encoding = accepted(&req);
    let res = next.call(req).await?.map_into_boxed_body();
    let Some(encoding) = encoding else {
        return Ok(res);
    };
    if !compressible(&res) {
        return Ok(res);
    }
    let (req, res) = res.into_parts();
    let (mut head, body) = res.into_parts();
    let bytes = match body::to_bytes(body).await {
        Ok(b) => b,
        Err(_) => return Ok(ServiceResponse::new(req, head.set_body(BoxBody::new(())))),
    };
    vary_on_encoding(head.headers_mut());
    if bytes.len() < MIN_BYTES {
        return Ok(ServiceResponse::new(
            req,
            head.set_body(BoxBody::new(bytes)),
        ));
    }
    let (name, out) = match encoding {
        Encoding::Brotli => {
            let mut out = Vec::with_capacity(bytes.len() / 3);
            {
                let mut w = brotli::CompressorWriter::new(&mut out, 4096, BROTLI_QUALITY, 18);
                w.write_all(&bytes)?;
            }
            ("br", out)
        }
        Encoding::Gzip => {
            let mut w = flate2::write::GzEncoder::new(
                Vec::with_capacity(bytes.len() / 3),
                flate2::Compression::new(1),
            );
            w.write_all(&bytes)?;
            ("gzip", w.finish()?)
        }
    };
    head.headers_mut()
        .insert(header::CONTENT_ENCODING, HeaderValue::from_static(name));
    head.headers_mut().remove(header::CONTENT_LENGTH);
    Ok(ServiceResponse::new(req, head.set_body(BoxBody::new(out))))
}

fn vary_on_encoding(h: &mut header::HeaderMap) {
    let existing = h
        .get(header::VARY)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    if existing.is_empty() {
        h.insert(header::VARY, HeaderValue::from_static("Accept-Encoding"));
    } else if !existing.to_ascii_lowercase().contains("accept-encoding")
        && let Ok(v) = HeaderValue::from_str(&format!("{existing}, Accept-Encoding"))
    {
        h.insert(header::VARY, v);
    }
}
