//! Static assets, embedded in the binary. Each is served under a fingerprinted name
//! (`app.3f9c2a1b.css`) with a one-year immutable cache, and also validated by ETag, so a repeat
//! visit costs nothing. Compressed once at start-up (brotli and gzip), never per request.

use std::collections::HashMap;
use std::io::Write;

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use sha2::{Digest, Sha256};

use crate::http::AppState;
use crate::http::errors::AppError;
use crate::http::paths;

struct Source {
    logical: &'static str,
    content_type: &'static str,
    bytes: &'static [u8],
}

const SOURCES: &[Source] = &[
    Source {
        logical: "app.css",
        content_type: "text/css; charset=utf-8",
        bytes: include_bytes!("../../assets/app.css"),
    },
    Source {
        logical: "htmx.js",
        content_type: "text/javascript; charset=utf-8",
        bytes: include_bytes!("../../assets/vendor/htmx-2.0.11.min.js"),
    },
    Source {
        logical: "offline.js",
        content_type: "text/javascript; charset=utf-8",
        bytes: include_bytes!("../../assets/offline.js"),
    },
];

/// The service worker: served at the root (its scope is the whole site), never fingerprinted
/// (browsers look for updates at the same URL), revalidated on every check.
const SERVICE_WORKER: &[u8] = include_bytes!("../../assets/sw.js");

/// GET /sw.js
pub async fn service_worker() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/javascript; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "no-cache"))
        .body(SERVICE_WORKER)
}

pub struct Asset {
    pub content_type: &'static str,
    pub etag: String,
    pub identity: &'static [u8],
    pub gzip: Vec<u8>,
    pub brotli: Vec<u8>,
}

pub struct Assets {
    by_name: HashMap<String, Asset>,
    urls: HashMap<&'static str, String>,
    /// What a device that has every asset of this build has seen (the `renkei_assets` cookie).
    version: String,
    /// The Content-Security-Policy: the script and style written into a first visit's page are
    /// allowed by their hashes, nothing else inline.
    csp: String,
}

/// The CSP source of an inline script or style: `'sha256-…'`.
fn csp_hash(text: &str) -> String {
    format!(
        "'sha256-{}'",
        data_encoding::BASE64.encode(&Sha256::digest(text.as_bytes()))
    )
}

/// The style sheet's text (written into the first page a device opens).
pub fn css_text() -> &'static str {
    SOURCES
        .iter()
        .find(|s| s.logical == "app.css")
        .and_then(|s| std::str::from_utf8(s.bytes).ok())
        .unwrap_or("")
}

impl Assets {
    pub fn build() -> Assets {
        let mut by_name = HashMap::new();
        let mut urls = HashMap::new();
        for s in SOURCES {
            let digest = data_encoding::HEXLOWER.encode(&Sha256::digest(s.bytes));
            let fingerprint: String = digest.chars().take(12).collect();
            let (stem, ext) = s.logical.rsplit_once('.').unwrap_or((s.logical, ""));
            let name = format!("{stem}.{fingerprint}.{ext}");
            urls.insert(s.logical, paths::asset(&name));
            by_name.insert(
                name,
                Asset {
                    content_type: s.content_type,
                    etag: format!("\"{fingerprint}\""),
                    identity: s.bytes,
                    gzip: gzip(s.bytes),
                    brotli: brotli(s.bytes),
                },
            );
        }
        let mut all = Sha256::new();
        for s in SOURCES {
            all.update(s.bytes);
        }
        let version: String = data_encoding::HEXLOWER
            .encode(&all.finalize())
            .chars()
            .take(12)
            .collect();
        let csp = format!(
            "default-src 'self'; script-src 'self' {}; style-src 'self' {}; img-src 'self' data:; \
font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; \
frame-ancestors 'none'",
            csp_hash(renkei_views::layout::DEFERRED_SCRIPTS),
            csp_hash(css_text())
        );
        Assets {
            by_name,
            urls,
            version,
            csp,
        }
    }

    pub fn version(&self) -> &str {
        &self.version
    }

    pub fn csp(&self) -> &str {
        &self.csp
    }

    /// The fingerprinted URL of a logical asset name, e.g. `app.css` (an unknown name gives a
    /// URL that answers 404, not a panic).
    pub fn url(&self, logical: &str) -> &str {
        self.urls
            .get(logical)
            .map(String::as_str)
            .unwrap_or(paths::MISSING_ASSET)
    }

    pub fn get(&self, name: &str) -> Option<&Asset> {
        self.by_name.get(name)
    }
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(bytes).expect("in-memory gzip");
    enc.finish().expect("in-memory gzip")
}

fn brotli(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut w = brotli::CompressorWriter::new(&mut out, 4096, 11, 22);
        w.write_all(bytes).expect("in-memory brotli");
    }
    out
}

/// GET /assets/{file}
pub async fn serve(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let asset = state.assets.get(&path).ok_or(AppError::NotFound)?;
    let mut res = HttpResponse::Ok();
    res.insert_header((header::CACHE_CONTROL, "public, max-age=31536000, immutable"))
        .insert_header((header::ETAG, asset.etag.clone()))
        .insert_header((header::VARY, "Accept-Encoding"))
        .content_type(asset.content_type);
    let revalidated = req
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains(&asset.etag));
    if revalidated {
        return Ok(HttpResponse::NotModified()
            .insert_header((header::ETAG, asset.etag.clone()))
            .insert_header((header::CACHE_CONTROL, "public, max-age=31536000, immutable"))
            .finish());
    }
    let accepts = req
        .headers()
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let body = if accepts.contains("br") {
        res.insert_header((header::CONTENT_ENCODING, "br"));
        asset.brotli.clone()
    } else if accepts.contains("gzip") {
        res.insert_header((header::CONTENT_ENCODING, "gzip"));
        asset.gzip.clone()
    } else {
        asset.identity.to_vec()
    };
    Ok(res.body(body))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The inline style and loader are allowed by the hash of their exact text: text that an
    /// HTML parser would change (a CR, a closing tag) would make the page lose its style.
    #[test]
    fn inline_texts_reach_the_browser_unchanged() {
        let css = css_text();
        assert!(!css.is_empty());
        assert!(!css.contains('\r') && !css.contains("</style"));
        let js = renkei_views::layout::DEFERRED_SCRIPTS;
        assert!(!js.contains('\r') && !js.contains("</script"));
        let a = Assets::build();
        assert!(a.csp().contains(&csp_hash(css)) && a.csp().contains(&csp_hash(js)));
    }
}
