//! Compression settings for pages: time per page and size (used while tuning; not a test).
use std::io::Write;
fn main() {
    let page = std::fs::read(std::env::args().nth(1).unwrap()).unwrap();
    let n = 2000u32;
    for (q, w) in [(1u32, 16u32), (2, 18), (4, 18), (5, 20), (5, 16), (6, 18)] {
        let t = std::time::Instant::now();
        let mut len = 0;
        for _ in 0..n {
            let mut out = Vec::new();
            {
                let mut e = brotli::CompressorWriter::new(&mut out, 4096, q, w);
                e.write_all(&page).unwrap();
            }
            len = out.len();
        }
        println!(
            "brotli q{q} w{w}: {:?} per page, {len} bytes",
            t.elapsed() / n
        );
    }
    for l in [1u32, 5, 9] {
        let t = std::time::Instant::now();
        let mut len = 0;
        for _ in 0..n {
            let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(l));
            e.write_all(&page).unwrap();
            len = e.finish().unwrap().len();
        }
        println!("gzip {l}: {:?} per page, {len} bytes", t.elapsed() / n);
    }
}
