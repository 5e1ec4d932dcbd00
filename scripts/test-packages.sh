#!/usr/bin/env bash
# The installer test: builds the DEB of the default brand and of the example customer brand
# (packaging/brands/acme) with the release preset, checks them (lintian, appstreamcli,
# desktop-file-validate), installs both into a fresh Debian 12 root made with debootstrap, runs
# each brand's command line and GUI there as an ordinary user, checks that their data folders are
# separate, removes both and checks that nothing but the user's data is left.
#
#   sudo scripts/test-packages.sh            # everything (about 10 min once the build is warm)
#   CT_PKG_SKIP_BUILD=1 scripts/test-packages.sh   # reuse the DEBs in build/packages/
#   CT_PKG_DEMO=1 scripts/test-packages.sh         # also run `ct demo` from the installed example brand
#
# Needs root (debootstrap, chroot, mounting /proc) and the network for the Debian mirror
# (CT_PKG_MIRROR, default http://deb.debian.org/debian). Packages already in this machine's apt
# cache are handed to the new root, so only what is missing is downloaded. The debootstrapped base
# is kept in /var/tmp/ct-pkgtest/base and copied for each run; every run installs into a fresh copy.
# Writes build/packages/ (DEBs, lintian reports, timings) and docs/package-<package>.png.
# (The body is one brace group: bash reads it whole before running it, so editing this file while
# a run is in progress cannot change what that run does.)
{
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD
OUT=$REPO/build/packages
WORK=${CT_PKG_WORK:-/var/tmp/ct-pkgtest}
MIRROR=${CT_PKG_MIRROR:-http://deb.debian.org/debian}
BRANDS=("$REPO/resources/brand/default" "$REPO/packaging/brands/acme")
TIMES=$OUT/times.txt

[ "$(id -u)" -eq 0 ] || { echo "test-packages: run as root (debootstrap, chroot and mount need it)" >&2; exit 2; }
for tool in debootstrap lintian appstreamcli desktop-file-validate dpkg-deb; do
  command -v "$tool" >/dev/null || { echo "test-packages: $tool is missing; run scripts/setup.sh" >&2; exit 2; }
done
mkdir -p "$OUT" "$WORK"
fail=0
failed() { echo "FAIL: $*"; fail=1; }
field() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$1/brand.json" "$2"; }
stamp() { date +%s.%N; }
took() { awk -v a="$1" -v b="$(stamp)" 'BEGIN{printf "%.0f", b-a}'; }

# --- 1. one DEB per brand, from one release build folder ------------------------------------------
# Switching the brand rebuilds only the brand's resources, icons and man pages and relinks the
# three programs: the second brand costs a minute, not a second full build.
if [ -z "${CT_PKG_SKIP_BUILD:-}" ]; then
  : > "$TIMES"
  rm -f "$OUT"/*.deb
  for b in "${BRANDS[@]}"; do
    pkg=$(field "$b" packageName)
    t=$(stamp)
    cmake --preset release -DCT_BRAND_DIR="$b" > "$OUT/configure-$pkg.log"
    rm -f build/release/*.deb
    cmake --build --preset release --target package > "$OUT/build-$pkg.log" 2>&1 ||
      { tail -30 "$OUT/build-$pkg.log"; echo "test-packages: the $pkg package did not build" >&2; exit 1; }
    cp build/release/*.deb "$OUT/"
    echo "build+package $pkg: $(took "$t") s" | tee -a "$TIMES"
  done
fi
mapfile -t DEBS < <(ls "$OUT"/*.deb)
[ "${#DEBS[@]}" -eq "${#BRANDS[@]}" ] || { echo "test-packages: expected ${#BRANDS[@]} DEBs in $OUT, found ${#DEBS[@]}" >&2; exit 1; }

# --- 2. static checks -----------------------------------------------------------------------------
for deb in "${DEBS[@]}"; do
  pkg=$(dpkg-deb -f "$deb" Package)
  echo "== $pkg: $(basename "$deb"), $(du -h "$deb" | cut -f1)"
  dpkg-deb -f "$deb" Depends | tr ',' '\n' | sed 's/^ */   depends: /' | head -60
  lintian --tag-display-limit 0 -I "$deb" > "$OUT/lintian-$pkg.txt" 2>&1 || true
  grep -E '^E: ' "$OUT/lintian-$pkg.txt" && failed "lintian errors in $pkg"
  echo "   lintian: $(grep -c '^E: ' "$OUT/lintian-$pkg.txt") errors, $(grep -c '^W: ' "$OUT/lintian-$pkg.txt") warnings (build/packages/lintian-$pkg.txt)"
  grep -E '^W: ' "$OUT/lintian-$pkg.txt" | sed 's/^/   /' || true
  x=$(mktemp -d)
  dpkg-deb -x "$deb" "$x"
  appstreamcli validate --no-net --explain "$x"/usr/share/metainfo/*.metainfo.xml > "$OUT/appstream-$pkg.txt" 2>&1 ||
    { cat "$OUT/appstream-$pkg.txt"; failed "appstreamcli validate: $pkg"; }
  echo "   appstreamcli validate: $(tail -1 "$OUT/appstream-$pkg.txt")"
  desktop-file-validate "$x"/usr/share/applications/*.desktop || failed "desktop-file-validate: $pkg"
  echo "   icons: $(cd "$x/usr/share/icons/hicolor" && ls -d */ | tr -d / | tr '\n' ' ')"
  rm -rf "$x"
done

# --- 3. a fresh Debian 12 root --------------------------------------------------------------------
BASE=$WORK/base
if [ ! -x "$BASE/usr/bin/apt-get" ]; then
  t=$(stamp)
  rm -rf "$BASE"
  debootstrap --variant=minbase bookworm "$BASE" "$MIRROR" > "$WORK/debootstrap.log" 2>&1 ||
    { tail -20 "$WORK/debootstrap.log"; echo "test-packages: debootstrap failed (network? mirror $MIRROR)" >&2; exit 1; }
  echo "debootstrap: $(took "$t") s" | tee -a "$TIMES"
fi
ROOT=$WORK/root.$$
cleanup() {
  mountpoint -q "$ROOT/proc" && umount "$ROOT/proc"
  if ! mountpoint -q "$ROOT/proc"; then rm -rf "$ROOT"; fi
}
trap cleanup EXIT
cp -a "$BASE" "$ROOT"
mount -t proc proc "$ROOT/proc"
cp /etc/resolv.conf "$ROOT/etc/resolv.conf"
cat > "$ROOT/etc/apt/sources.list" <<EOF
deb $MIRROR bookworm main
deb $MIRROR bookworm-updates main
deb http://deb.debian.org/debian-security bookworm-security main
EOF
# This machine's downloaded packages, as hard links: apt in the root takes what it needs from them.
cp -l /var/cache/apt/archives/*.deb "$ROOT/var/cache/apt/archives/" 2>/dev/null || true
in_root() { chroot "$ROOT" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$@"; }
as_user() {
  chroot --userspec=tester:tester "$ROOT" env -i HOME=/home/tester PATH=/usr/bin:/bin LANG=C.UTF-8 \
    QT_QPA_PLATFORM=offscreen XDG_RUNTIME_DIR=/tmp/xdg-tester "$@"
}
in_root apt-get update -q > "$OUT/apt-update.log" 2>&1 || { cat "$OUT/apt-update.log"; exit 1; }
in_root useradd -m tester
install -d -m 700 -o "$(chroot "$ROOT" id -u tester)" -g "$(chroot "$ROOT" id -g tester)" "$ROOT/tmp/xdg-tester"
snapshot() {  # every path of the root but the volatile and per-user ones
  (cd "$ROOT" && find . -xdev \( -path ./proc -o -path ./tmp -o -path ./home -o -path ./root -o -path ./run \
    -o -path ./dev -o -path ./var/cache -o -path ./var/lib/apt -o -path ./var/lib/dpkg -o -path ./var/log \
    -o -path ./etc/ld.so.cache -o -path ./var/lib/systemd \) -prune -o -print | sort)
}
installed() { in_root dpkg-query -W -f='${db:Status-Status} ${Package}\n' | awk '$1=="installed"{print $2}' | sort; }
snapshot > "$OUT/root-before.txt"
installed > "$OUT/packages-before.txt"

# --- 4. install both ------------------------------------------------------------------------------
mkdir -p "$ROOT/tmp/debs"
cp "${DEBS[@]}" "$ROOT/tmp/debs/"
t=$(stamp)
in_root apt-get install -y -q $(cd "$ROOT" && ls tmp/debs/*.deb | sed 's|^|/|') > "$OUT/apt-install.log" 2>&1 ||
  { tail -40 "$OUT/apt-install.log"; echo "test-packages: apt-get install of the DEBs failed" >&2; exit 1; }
echo "apt-get install of both DEBs into the fresh root: $(took "$t") s ($(grep -c '^Setting up' "$OUT/apt-install.log") packages set up)" | tee -a "$TIMES"
grep -E '^(Need to get|After this operation)' "$OUT/apt-install.log" | sed 's/^/   /' || true

# --- 5. each brand, as an ordinary user -----------------------------------------------------------
for b in "${BRANDS[@]}"; do
  pkg=$(field "$b" packageName); cli=$(field "$b" cliName); name=$(field "$b" productName); id=$(field "$b" applicationId)
  echo "== $name ($pkg)"
  in_root dpkg -L "$pkg" > "$OUT/files-$pkg.txt"
  v=$(as_user "$cli" version) || failed "$cli version"
  echo "   \$ $cli version -> $v"
  case "$v" in *"$name"*) ;; *) failed "$cli version does not name $name";; esac
  as_user "$cli" demo --help > "$OUT/demo-help-$pkg.txt" || failed "$cli demo --help"
  echo "   \$ $cli demo --help -> $(head -1 "$OUT/demo-help-$pkg.txt")"
  # A command that computes: ct hands it to ct-compute (libtorch) beside it.
  a=$(as_user "$cli" generate --model "/usr/share/$pkg/demo-model" --prompt "What is 7 + 5?" --max-tokens 8 2> "$OUT/generate-$pkg.txt") ||
    { cat "$OUT/generate-$pkg.txt"; failed "$cli generate"; }
  echo "   \$ $cli generate --model /usr/share/$pkg/demo-model --prompt 'What is 7 + 5?' -> '$a' ($(tail -1 "$OUT/generate-$pkg.txt"))"
  [ "$a" = "12" ] || failed "the demo model answered '$a' instead of 12"
  as_user "$cli" doctor > "$OUT/doctor-$pkg.txt" 2>&1 || true
  echo "   \$ $cli doctor -> $(grep '^folders:' "$OUT/doctor-$pkg.txt" || echo 'no folders line')"
  for r in "$ROOT/usr/share/$pkg"/brand/recipes/*.json; do
    [ -e "$r" ] || continue
    as_user "$cli" pipeline validate "${r#"$ROOT"}" > "$OUT/recipe-$pkg.txt" 2>&1 || { cat "$OUT/recipe-$pkg.txt"; failed "$cli pipeline validate ${r#"$ROOT"}"; }
    echo "   \$ $cli pipeline validate ${r#"$ROOT"} -> $(tail -1 "$OUT/recipe-$pkg.txt")"
  done
  if [ -n "${CT_PKG_DEMO:-}" ] && [ "$b" = "${BRANDS[-1]}" ]; then
    # CT_PKG_DEMO=1: the whole offline demo once, from what the package installed (the bundled
    # demo model and benchmark samples under /usr/share/<package>, ct-compute, ct host, ct serve).
    # Minutes on an idle machine, far more on a busy one, so not part of every run.
    t=$(stamp)
    timeout 600 chroot --userspec=tester:tester "$ROOT" env -i HOME=/home/tester PATH=/usr/bin:/bin LANG=C.UTF-8 \
      "$cli" demo --items 6 --real-items 1 > "$OUT/demo-$pkg.txt" 2>&1 || { tail -20 "$OUT/demo-$pkg.txt"; failed "$cli demo"; }
    echo "   \$ $cli demo --items 6 --real-items 1 -> $(grep -c . "$OUT/demo-$pkg.txt") lines of output in $(took "$t") s (build/packages/demo-$pkg.txt)"
  fi
  as_user "$pkg" --screenshot "/tmp/shot-$pkg.png" > "$OUT/gui-$pkg.log" 2>&1 || { cat "$OUT/gui-$pkg.log"; failed "$pkg --screenshot"; }
  if [ -s "$ROOT/tmp/shot-$pkg.png" ]; then
    cp "$ROOT/tmp/shot-$pkg.png" "$REPO/docs/package-$pkg.png"
    echo "   GUI: docs/package-$pkg.png"
  else
    failed "no screenshot from $pkg"
  fi
  [ -d "$ROOT/home/tester/.local/share/$id" ] || failed "no data folder ~/.local/share/$id"
done
echo "== data folders of the user (one per application id):"
(cd "$ROOT/home/tester" && find .local/share .local/state .config -maxdepth 2 2>/dev/null | sort | sed 's/^/   /') || true
ids=$(for b in "${BRANDS[@]}"; do field "$b" applicationId; done | sort -u | wc -l)
[ "$ids" -eq "${#BRANDS[@]}" ] || failed "the brands share an application id"
common=$(sort "$OUT"/files-*.txt | uniq -d | while read -r p; do [ -d "$ROOT$p" ] || echo "$p"; done)
[ -z "$common" ] || failed "files owned by both packages: $common"

# --- 6. remove both -------------------------------------------------------------------------------
t=$(stamp)
pkgs=$(for b in "${BRANDS[@]}"; do field "$b" packageName; done)
in_root apt-get purge -y -q $pkgs > "$OUT/apt-purge.log" 2>&1 || { tail -20 "$OUT/apt-purge.log"; failed "apt-get purge"; }
in_root apt-get autoremove --purge -y -q >> "$OUT/apt-purge.log" 2>&1 || failed "apt-get autoremove"
# apt keeps a few dependencies that packages of the base system recommend (ca-certificates and
# OpenSSL: apt recommends ca-certificates). They are the system's, not ours; purged here too so
# that the root can be compared with its state before the install.
kept=$(comm -13 "$OUT/packages-before.txt" <(installed) | tr '\n' ' ')
if [ -n "$kept" ]; then
  echo "   kept by autoremove (recommended by base packages), purged now: $kept"
  in_root apt-get purge -y -q $kept >> "$OUT/apt-purge.log" 2>&1 || failed "apt-get purge $kept"
fi
echo "purge + autoremove: $(took "$t") s" | tee -a "$TIMES"
left=$(cat "$OUT"/files-*.txt | sort -u | while read -r p; do [ -e "$ROOT$p" ] && [ ! -d "$ROOT$p" ] && echo "$p"; done || true)
[ -z "$left" ] && echo "   every file of both packages is gone" || failed "files left behind: $left"
# Two files the system keeps on purpose once made: the machine id (written when D-Bus was
# installed, kept by its purge) and /etc/mtab (a link to /proc/self/mounts).
snapshot | grep -vxE '\./etc/(machine-id|mtab)' > "$OUT/root-after.txt" || true
diff "$OUT/root-before.txt" "$OUT/root-after.txt" > "$OUT/root-diff.txt" || true
# An empty folder a dependency's maintainer script made (e.g. /var/lib/private) is the system's;
# any file, or anything named after a brand, is a leftover of ours.
names=$(for b in "${BRANDS[@]}"; do printf '%s|%s|%s|' "$(field "$b" packageName)" "$(field "$b" applicationId)" "$(field "$b" cliName)"; done)
names=${names%|}
ours=""; system=""
while read -r p; do
  if [ -d "$ROOT/$p" ] && [ -z "$(ls -A "$ROOT/$p")" ] && ! [[ "$p" =~ (^|/)($names)([/._]|$) ]]; then system+=" ${p#.}"; else ours+=" ${p#.}"; fi
done < <(grep '^[<>] ' "$OUT/root-diff.txt" | cut -c3-)
if [ -z "$ours" ]; then
  echo "   the root is as it was before the install, apart from the user's home${system:+ and empty system folders:$system}"
else
  failed "the root differs from before the install:$ours"
fi
echo "   left in the user's home (user data, kept on purpose):"
(cd "$ROOT/home/tester" && find . -mindepth 3 -maxdepth 3 | sort | sed 's/^/     /') || true

echo
cat "$TIMES"
[ "$fail" -eq 0 ] && echo "test-packages: PASS" || echo "test-packages: FAILED"
exit "$fail"
}
