#!/usr/bin/env bash
# アカウント発行通知: renkei's batch renderer against LibreOffice converting an equivalent
# letter, in one run.   bench/letters.sh [letters=1000] [libreoffice files=20]
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
N="${1:-1000}"
LO_FILES="${2:-20}"
if ! command -v soffice >/dev/null; then
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends libreoffice-writer-nogui fonts-morisawa-bizud-gothic
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cargo build --release -p renkei-jobs --example letters_bench >/dev/null 2>&1
renkei_line=$("$repo/target/release/examples/letters_bench" "$N" "$work/batch.pdf")
renkei_ms=$(echo "$renkei_line" | sed -E 's/.* ([0-9.]+) ms per letter/\1/')

# The same letter as a document LibreOffice converts (one file per letter, as an office would).
for i in $(seq 1 "$LO_FILES"); do
  cat > "$work/letter$i.html" <<HTML
<html><head><meta charset="utf-8"><style>body{font-family:'BIZ UDGothic';font-size:10.5pt}</style></head><body>
<p>〒272-0021<br>千葉県市川市八幡4丁目5番6号<br>やわた在宅クリニック<br>八幡 太郎 様</p>
<p style="text-align:right">通知番号 N-2026-00001-0$i<br>令和8年11月21日<br>市川市 福祉部 地域包括支援課<br>電話 047-712-8521</p>
<h1>アカウント発行通知</h1>
<p>市川市多職種連携情報共有システムの利用者アカウントを発行しました。次のログインIDと認証コードで利用を開始してください。</p>
<table border="1"><tr><td>ログインID</td><td>u1000000</td></tr><tr><td>認証コード</td><td>KX7P-MN3Q-R8TV</td></tr><tr><td>有効期限</td><td>令和8年12月21日まで</td></tr></table>
<h2>利用開始の手順</h2><ol><li>業務で使う端末を用意してください。</li><li>ブラウザで https://renkei.city.ichikawa.lg.jp/activate を開きます。</li>
<li>ログインIDと認証コードを入力します。</li><li>認証アプリで QR コードを読み取り、確認コードを入力します。</li><li>パスワードを設定します。</li></ol>
<p>お問い合わせ 市川市 福祉部 地域包括支援課 電話 047-712-8521</p></body></html>
HTML
done
start=$(date +%s.%N)
soffice --headless --convert-to pdf:writer_pdf_Export --outdir "$work/one" "$work/letter1.html" >/dev/null 2>&1
end=$(date +%s.%N)
one_ms=$(echo "($end - $start) * 1000" | bc -l)
start=$(date +%s.%N)
soffice --headless --convert-to pdf:writer_pdf_Export --outdir "$work/lo" "$work"/letter*.html >/dev/null 2>&1
end=$(date +%s.%N)
lo_ms=$(echo "($end - $start) * 1000 / $LO_FILES" | bc -l)
lo_bytes=$(du -cb "$work"/lo/*.pdf | tail -1 | cut -f1)
echo "renkei:      $renkei_line"
printf 'LibreOffice: %d letters: %.0f ms per letter (one soffice run, start-up included), %d bytes per letter\n' "$LO_FILES" "$lo_ms" "$((lo_bytes / LO_FILES))"
printf 'LibreOffice: one letter, one conversion: %.0f ms\n' "$one_ms"
printf 'ratio per letter: renkei is %.0f× faster than one conversion, %.0f× faster than LibreOffice batch-converting %d\n' \
  "$(echo "$one_ms / $renkei_ms" | bc -l)" "$(echo "$lo_ms / $renkei_ms" | bc -l)" "$LO_FILES"
