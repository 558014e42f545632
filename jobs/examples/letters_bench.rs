//! Renders N sample アカウント発行通知 into one PDF and reports the time and size
//! (`cargo run --release -p renkei-jobs --example letters_bench -- 1000 out.pdf`).
use chrono::NaiveDate;
use renkei_jobs::letters::{LetterData, Sender, render_batch};

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(1000);
    let out = std::env::args()
        .nth(2)
        .unwrap_or_else(|| "letters.pdf".into());
    let sender = Sender {
        system_title: "市川市多職種連携情報共有システム".into(),
        office_name: "市川市 福祉部 地域包括支援課 地域支援事業グループ".into(),
        postcode: "272-8501".into(),
        address: "市川市八幡1丁目1番1号 第1庁舎3階".into(),
        phone: "047-712-8521".into(),
        login_url: "https://renkei.city.ichikawa.lg.jp".into(),
    };
    let letters: Vec<LetterData> = (0..n)
        .map(|i| LetterData {
            notice_number: format!("N-2026-{:05}-{:02}", i / 3 + 1, i % 3 + 1),
            issued_on: NaiveDate::from_ymd_opt(2026, 11, 21).unwrap(),
            issued_on_wareki: "令和8年11月21日".into(),
            postcode: "272-0021".into(),
            address: format!(
                "千葉県市川市八幡{}丁目{}番{}号",
                i % 6 + 1,
                i % 20 + 1,
                i % 9 + 1
            ),
            organisation: format!("やわた在宅クリニック第{}診療所", i % 50),
            recipient: ["八幡 太郎", "市川 看子", "真間 薬", "国府台 介護"][i % 4].into(),
            login_id: format!("u{:07}", 1_000_000 + i),
            activation_code: "KX7P-MN3Q-R8TV".into(),
            code_expires_wareki: "令和8年12月21日".into(),
        })
        .collect();
    let start = std::time::Instant::now();
    let pdf = render_batch(&sender, &letters).expect("render");
    let elapsed = start.elapsed();
    std::fs::write(&out, &pdf).expect("write");
    println!(
        "{n} letters: {:.2} s, {} bytes, {} bytes per letter, {:.2} ms per letter",
        elapsed.as_secs_f64(),
        pdf.len(),
        pdf.len() / n.max(1),
        elapsed.as_secs_f64() * 1000.0 / n.max(1) as f64
    );
}
