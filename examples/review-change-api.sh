#!/usr/bin/env bash
# Review what a branch changes, against a running compose-review: the base and head trees go up as
# two `git archive` tarballs (multipart parts `base` and `head`); prints the PR comment.
# Usage: examples/review-change-api.sh [BASE_REF] [HEAD_REF] [URL]   (defaults: origin/main, HEAD, http://localhost:8080)
# Run it inside the repository. Set COMPOSE_REVIEW_TOKEN when the service requires a token.
set -euo pipefail
base=${1:-origin/main}
head=${2:-HEAD}
url=${3:-http://localhost:8080}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
git archive --format=tar.gz -o "$tmp/base.tgz" "$base"
git archive --format=tar.gz -o "$tmp/head.tgz" "$head"
curl -sS "$url/v1/review?format=markdown" ${COMPOSE_REVIEW_TOKEN:+-H "authorization: Bearer $COMPOSE_REVIEW_TOKEN"} \
  -F "base=@$tmp/base.tgz" -F "head=@$tmp/head.tgz"
