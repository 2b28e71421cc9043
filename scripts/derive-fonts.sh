#!/usr/bin/env bash
# Makes the built-in fonts, fonts/NotoSansSC_400Regular.ttf and fonts/NotoSansSC_700Bold.ttf,
# from the originals in the npm package @expo-google-fonts/noto-sans-sc: every outline is
# rounded to 1/125 em once here (examples/round_font.rs says why), so no document pays for it.
# The licence, fonts/OFL.txt, is the package's LICENSE_FONT. Needs npm and cargo.
set -euo pipefail
cd "$(dirname "$0")/.."
version=0.4.3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "@expo-google-fonts/noto-sans-sc@$version" >/dev/null)
tar -xzf "$work"/*.tgz -C "$work" package/LICENSE_FONT \
  package/400Regular/NotoSansSC_400Regular.ttf package/700Bold/NotoSansSC_700Bold.ttf
(cd "$work/package" && sha256sum --check --quiet) <<'SUMS'
d45f67f0a7c0ca3f256950777ce6a61cc7ce5f9696d02900cbbaac25f8aa7d16  400Regular/NotoSansSC_400Regular.ttf
9a38ae0ab28cd5a256f9ea8e00dedc688aac17f7915fcb000572990afa956b96  700Bold/NotoSansSC_700Bold.ttf
SUMS
cargo build --release --quiet --example round_font
for face in 400Regular 700Bold; do
  target/release/examples/round_font "$work/package/$face/NotoSansSC_$face.ttf" "fonts/NotoSansSC_$face.ttf"
done
cp "$work/package/LICENSE_FONT" fonts/OFL.txt
sha256sum fonts/NotoSansSC_*.ttf
