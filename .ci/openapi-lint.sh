#!/usr/bin/env bash
# Lints the service's OpenAPI document with Redocly CLI's recommended rules; fails on any error.
#   .ci/openapi-lint.sh              writes target/openapi.json by running OpenApiDocumentTest, then lints it
#   .ci/openapi-lint.sh --no-dump    lints the target/openapi.json that an earlier ./mvnw test or verify wrote
# Without Redocly CLI and without npm to fetch it, it says so and exits 0: the lint is an extra check, the
# document's validity itself is tested by OpenApiDocumentTest.
set -euo pipefail
cd "$(dirname "$0")/.."

REDOCLY_VERSION=2.77.0
DOCUMENT=target/openapi.json

if [ "${1:-}" != "--no-dump" ]; then
  rm -f "$DOCUMENT"
  ./mvnw -q test -Dtest=OpenApiDocumentTest -Dsurefire.failIfNoSpecifiedTests=false
fi
if [ ! -s "$DOCUMENT" ]; then
  echo "$DOCUMENT was not written: OpenApiDocumentTest needs PostgreSQL (Docker or a local server, see README's Tests)" >&2
  exit 1
fi

if command -v redocly >/dev/null 2>&1; then
  redocly=(redocly)
elif command -v npx >/dev/null 2>&1 && npx --yes "@redocly/cli@$REDOCLY_VERSION" --version >/dev/null 2>&1; then
  redocly=(npx --yes "@redocly/cli@$REDOCLY_VERSION")
else
  echo "Redocly CLI is not installed and npm cannot fetch it: OpenAPI lint skipped" >&2
  exit 0
fi
"${redocly[@]}" lint --extends recommended "$DOCUMENT"
