#!/usr/bin/env bash
# Installs the embedded Neo4j launcher into .neo4j/ (repo-root relative):
#   .neo4j/lib/*.jar       Neo4j + Bolt runtime jars (and APOC's third-party deps)
#   .neo4j/plugins/*.jar   APOC core (apoc-core + apoc-common), loaded as a Neo4j plugin
#   .neo4j/classes/        compiled quanzi.Neo4jLauncher
#   .neo4j/classpath.txt   one line, ':'-separated, repo-relative: classes dir, lib jars, plugin jars
#   .neo4j/stamp           hash of the inputs; when it matches, this script does nothing
# Run from anywhere: bash server/neo4j/install.sh   (exit 3 = java/mvn missing)
set -euo pipefail

case "${BASH_SOURCE[0]}" in */*) HERE="${BASH_SOURCE[0]%/*}" ;; *) HERE=. ;; esac
HERE="$(cd "$HERE" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
OUT_REL=".neo4j"
OUT="$ROOT/$OUT_REL"
POM="$HERE/pom.xml"
SRC="$HERE/src/main/java/quanzi/Neo4jLauncher.java"

missing() {
  echo "server/neo4j/install.sh: $1 not found on PATH; the embedded Neo4j needs a JDK 17+ (java, javac) and Maven." \
    "Alternative: set NEO4J_URI to an existing Neo4j server (bolt://, neo4j:// or neo4j+s://) and skip the embedded one." >&2
  exit 3
}

command -v java >/dev/null 2>&1 || missing "java"

if command -v sha256sum >/dev/null 2>&1; then HASH=(sha256sum); else HASH=(shasum -a 256); fi
stamp="$(cat "$POM" "$SRC" "$HERE/install.sh" | "${HASH[@]}" | cut -d' ' -f1)"

up_to_date() {
  [ -f "$OUT/stamp" ] && [ "$(cat "$OUT/stamp")" = "$stamp" ] || return 1
  [ -f "$OUT/classes/quanzi/Neo4jLauncher.class" ] && [ -f "$OUT/classpath.txt" ] || return 1
  local entry
  local IFS=:
  for entry in $(cat "$OUT/classpath.txt"); do
    [ -e "$ROOT/$entry" ] || return 1
  done
  return 0
}

if up_to_date; then
  exit 0
fi

command -v mvn >/dev/null 2>&1 || missing "mvn (Maven)"
command -v javac >/dev/null 2>&1 || missing "javac (a JDK, not just a JRE)"

mkdir -p "$OUT"
# Serialize concurrent installs (e.g. dev server + tests starting together), then re-check.
if command -v flock >/dev/null 2>&1; then
  exec 9>"$OUT/.install.lock"
  flock 9
  if up_to_date; then
    exit 0
  fi
fi
rm -f "$OUT/stamp"
tmp="$OUT/.install.tmp"
rm -rf "$tmp"
mkdir -p "$tmp/lib" "$tmp/plugins" "$tmp/classes"

# mvn -q still prints stray ANSI resets: keep its output in a log, show it only on failure.
mvn_q() {
  local log="$tmp/mvn.log"
  if ! mvn -B -q -f "$POM" "$@" >"$log" 2>&1; then
    sed 's/\x1b\[[0-9;]*m//g' "$log" >&2
    echo "server/neo4j/install.sh: Maven failed (see above)" >&2
    exit 1
  fi
}
APOC="apoc-core,apoc-common"

echo "neo4j install: resolving Neo4j runtime jars with Maven (first run downloads ~130 MB)..."
mvn_q dependency:copy-dependencies -DincludeScope=runtime \
  -DexcludeArtifactIds="$APOC" -DoutputDirectory="$tmp/lib"

echo "neo4j install: copying APOC core plugin jars..."
mvn_q dependency:copy-dependencies -DincludeScope=runtime -DexcludeTransitive=true \
  -DincludeArtifactIds="$APOC" -DoutputDirectory="$tmp/plugins"

echo "neo4j install: compiling the launcher..."
javac -nowarn --release 17 -encoding UTF-8 -cp "$tmp/lib/*" -d "$tmp/classes" "$SRC"

rm -rf "$OUT/lib" "$OUT/plugins" "$OUT/classes"
mv "$tmp/lib" "$tmp/plugins" "$tmp/classes" "$OUT/"
rm -rf "$tmp"

{
  printf '%s' "$OUT_REL/classes"
  for jar in "$OUT"/lib/*.jar "$OUT"/plugins/*.jar; do
    printf ':%s' "$OUT_REL/${jar#"$OUT"/}"
  done
} > "$OUT/classpath.txt"

echo "$stamp" > "$OUT/stamp"
echo "neo4j install: done ($(ls "$OUT/lib" | wc -l) jars in $OUT_REL/lib, APOC in $OUT_REL/plugins, classpath in $OUT_REL/classpath.txt)"
