#!/bin/sh
# docker-compose.yml's one-shot `storage-setup`: creates the bucket when it is missing, then checks that
# the studio's origin passes the bucket's CORS preflight and another origin does not. It runs in the
# storage container's network namespace (network_mode: service:storage) because SeaweedFS's master
# and filer, which `weed shell` talks to, listen on that container's loopback only.
set -eu

shell() { echo "$1" | weed shell -master=127.0.0.1:9333 -filer=127.0.0.1:8888; }
tab=$(printf '\t')
has_bucket() { shell 's3.bucket.list' | grep -q "^  $S3_BUCKET$tab"; }

if has_bucket; then
  echo "storage-setup: bucket $S3_BUCKET exists"
else
  shell "s3.bucket.create -name $S3_BUCKET"
  # weed shell reports a failed command on its output, not in its exit code.
  has_bucket || { echo "storage-setup: could not create bucket $S3_BUCKET" >&2; exit 1; }
  echo "storage-setup: bucket $S3_BUCKET created"
fi

preflight() {
  curl -s -o /dev/null -w '%{http_code}' -X OPTIONS -H "Origin: $1" -H 'Access-Control-Request-Method: POST' "http://127.0.0.1:9000/$S3_BUCKET/"
}
studio_origin=${STUDIO_ORIGIN%%,*}
status=$(preflight "$studio_origin")
[ "$status" = 200 ] || { echo "storage-setup: the CORS preflight from $studio_origin got HTTP $status, not 200" >&2; exit 1; }
status=$(preflight 'https://not-the-studio.invalid')
[ "$status" = 403 ] || { echo "storage-setup: a CORS preflight from another origin got HTTP $status, not 403" >&2; exit 1; }
echo "storage-setup: CORS allows $studio_origin only"
