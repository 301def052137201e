#!/bin/sh
# Starts SeaweedFS for docker-compose.yml's `storage` service: one container with its master, volume
# server and filer listening on the container's loopback only, and its S3 gateway on :9000 for the API,
# the browsers and the GPU boxes. The S3 identities are written here from the environment (secrets stay
# out of the repo and the image): the API's key, allowed the bucket and nothing else. No admin identity
# exists; the bucket is created through `weed shell` (see setup.sh), which only the container reaches.
set -eu
# Where the identities go and what starts the server: the image's paths (overridden only by the
# compose-file test, which runs this script).
config=${SEAWEEDFS_S3_CONFIG:-/etc/seaweedfs/s3.json}
entrypoint=${SEAWEEDFS_ENTRYPOINT:-/entrypoint.sh}

for name in S3_ACCESS_KEY S3_SECRET_KEY S3_BUCKET STUDIO_ORIGIN; do
  eval "value=\${$name:-}"
  if [ -z "$value" ]; then echo "storage: $name is not set" >&2; exit 1; fi
done
# The keys go into JSON unquoted-safe: allow only characters that need no escaping.
case "$S3_ACCESS_KEY$S3_SECRET_KEY" in
  *[!A-Za-z0-9._~+/=-]*) echo 'storage: S3_ACCESS_KEY and S3_SECRET_KEY may only contain letters, digits and . _ ~ + / = -' >&2; exit 1 ;;
esac
if [ "${#S3_SECRET_KEY}" -lt 8 ]; then echo 'storage: S3_SECRET_KEY must be at least 8 characters' >&2; exit 1; fi

umask 077
cat > "$config" <<JSON
{
  "identities": [
    {
      "name": "atelier-api",
      "credentials": [{ "accessKey": "$S3_ACCESS_KEY", "secretKey": "$S3_SECRET_KEY" }],
      "actions": ["Read:$S3_BUCKET", "Write:$S3_BUCKET", "List:$S3_BUCKET", "Tagging:$S3_BUCKET"]
    }
  ]
}
JSON
# The image's entrypoint drops to its `seaweed` user before starting the server.
if id seaweed >/dev/null 2>&1; then chown seaweed:seaweed "$config"; fi

# -s3.allowedOrigins is the CORS rule of every bucket without one of its own: the studio's origin (a
# comma-separated list is allowed) may GET, HEAD, PUT, POST (the presigned upload form) and DELETE with
# any header, and sees ETag; any other origin's preflight is refused.
exec "$entrypoint" server \
  -ip=127.0.0.1 -ip.bind=127.0.0.1 \
  -s3 -s3.ip.bind=0.0.0.0 -s3.port=9000 -s3.port.iceberg=0 -s3.port.lance=0 \
  -s3.config="$config" \
  -s3.allowedOrigins="$STUDIO_ORIGIN" \
  -master.telemetry=false
